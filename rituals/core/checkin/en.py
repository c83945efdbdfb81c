"""The words an English answer to a check-in may use (the question itself goes through gettext)."""

MET = ("yes", "yep", "we did", "met")  # an answer that means "we met", with no rating
NOT_MET = ("no", "nope", "we didn't", "we did not", "didn't", "did not")
QUOTE_INTRO = ("wrote:", "original message")  # where a client starts quoting the question
