"""The Social Golfer Problem: ``groups`` groups of ``size`` golfers for ``rounds`` rounds, no pair
meeting twice. :func:`solve` (in ``solver``) takes the longest construction of design theory first
(``catalog``: ``bases`` developed by ``develop``, ``constructions``, ``latin``, ``designs``), then
searches (``rotational``, ``tabu``); ``levels`` builds uneven rounds. docs/golf.md lists the
constructions and their sources."""
