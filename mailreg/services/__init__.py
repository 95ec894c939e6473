"""Services: the poll, the coordinator's commands, digest, exports, privacy."""
