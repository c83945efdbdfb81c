"""The check-in's words in English (gettext will take them over: every string is here)."""

SUBJECT = "Did you meet? {title}, {when}"
BODY = """Hello,

Did your group meet for {title} on {when}?
{group}

Reply to this e-mail with a number from 1 to 5 (how it went), or 'no' if you did not meet.
Your answer stays with the organiser; you get at most one such question a week.
"""
GROUP = "Your group: {names}"
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
DATE = "{weekday} {day} {month}"
MET = ("yes", "yep", "we did", "met")  # an answer that means "we met", with no rating
NOT_MET = ("no", "nope", "we didn't", "we did not", "didn't", "did not")
QUOTE_INTRO = ("wrote:", "original message")  # where a client starts quoting the question
