"""The words a French answer to a check-in may use (the question itself goes through gettext)."""

MET = ("oui", "on s'est vus", "on s'est vu", "vus")
NOT_MET = ("non", "pas vus", "on ne s'est pas vus", "pas eu lieu")
QUOTE_INTRO = ("a écrit :", "a écrit:", "message d'origine")
