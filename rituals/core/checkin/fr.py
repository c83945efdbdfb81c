"""Les mots du point après séance, en français (gettext les reprendra : tout est ici)."""

SUBJECT = "Vous êtes-vous vus ? {title}, {when}"
BODY = """Bonjour,

Votre groupe s'est-il retrouvé pour {title} le {when} ?
{group}

Répondez à ce message par un chiffre de 1 à 5 (comment ça s'est passé), ou « non » si vous ne vous êtes pas vus.
Votre réponse reste chez l'organisateur ; vous recevez au plus une question de ce genre par semaine.
"""
GROUP = "Votre groupe : {names}"
DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
DATE = "{weekday} {day} {month}"
MET = ("oui", "on s'est vus", "on s'est vu", "vus")
NOT_MET = ("non", "pas vus", "on ne s'est pas vus", "pas eu lieu")
QUOTE_INTRO = ("a écrit :", "a écrit:", "message d'origine")
