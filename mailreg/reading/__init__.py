"""Reading mail: raw bytes -> `Inbound` -> what the mail asks for."""
