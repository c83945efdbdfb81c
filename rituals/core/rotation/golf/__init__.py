"""The Social Golfer Problem: ``groups`` groups of ``size`` golfers for ``rounds`` rounds, no pair
meeting twice. :func:`solve` (in ``solver``) tries the constructions of design theory first
(``constructions``, ``designs``, ``levels``, ``rotational``), then a tabu search (``tabu``)."""
