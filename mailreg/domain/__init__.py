"""The domain: registrations, their rules and the words for them. Standard library only."""
