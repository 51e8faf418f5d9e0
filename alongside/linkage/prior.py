"""The prior: the chance that two records picked at random are the same person.

It is estimated from each extract, not fitted to a benchmark. Training starts from a lower
bound (the pairs that agree exactly on the deterministic rules, as if those rules found every
true match); then, with m and u trained, every scored pair's Bayes factor is known, and the
prior is the fixed point of the expectation-maximisation step for a two-class mixture:

    prior = (sum over scored pairs of their match probability under that prior) / all pairs

Pairs not scored (outside every blocking rule, or whose evidence is below
`PRIOR_MIN_EVIDENCE`) are taken as non-matches: they would add almost nothing each, and
counting the long tail of weak pairs would let small errors in u add up to a large error in
the prior. The floor is on the evidence (the Bayes factor), not on the match weight at the
starting prior, so where training happens to start does not change which pairs count.
"""

import math

import numpy as np

# Pairs whose evidence (log2 Bayes factor) is below this are left out of the estimate: their
# fields agree no more often than two strangers' do.
PRIOR_MIN_EVIDENCE = 0.0


def log2_odds(probability: float) -> float:
    return math.log2(probability / (1.0 - probability))


def estimate_prior(
    match_weights: np.ndarray,
    start: float,
    all_pairs: float,
    counts: np.ndarray | None = None,
    iterations: int = 1000,
    tolerance: float = 1e-7,
) -> float:
    """The prior at which the expected number of matches among the scored pairs, divided by
    `all_pairs`, gives back the prior. `match_weights` are the pairs' weights under `start`
    (with `counts`, each weight stands for that many pairs)."""
    if all_pairs <= 0 or len(match_weights) == 0:
        return start
    pairs = np.ones(len(match_weights)) if counts is None else np.asarray(counts, dtype=float)
    # Each pair's Bayes factor (its evidence, without the prior), as log2.
    evidence = np.asarray(match_weights, dtype=float) - log2_odds(start)
    prior = start
    for _ in range(iterations):
        weights = evidence + log2_odds(prior)
        expected = float(np.sum(pairs / (1.0 + np.exp2(-weights))))
        updated = min(max(expected / all_pairs, 1e-12), 0.5)
        if abs(updated - prior) <= tolerance * prior:
            return updated
        prior = updated
    return prior
