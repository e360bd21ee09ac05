"""A multi-armed bandit and an epsilon-greedy agent: learning from reward alone.

Taught in ``chapters/ch5_applications/04_recommenders_and_games.ipynb``.
"""
from __future__ import annotations

import numpy as np


def run_epsilon_greedy(arm_probs: np.ndarray, steps: int, epsilon: float, seed: int = 0) -> dict[str, np.ndarray]:
    """Play a Bernoulli bandit (arm ``k`` pays 1 with probability ``arm_probs[k]``) for ``steps`` pulls.

    With probability ``epsilon`` the agent pulls a random arm (explore), otherwise the arm with the best
    running mean reward so far (exploit; ties go to the lowest index). Returns the arm chosen and the
    reward at every step and the final value estimates.
    """
    rng = np.random.default_rng(seed)
    arm_probs = np.asarray(arm_probs, dtype=float)
    k = len(arm_probs)
    counts = np.zeros(k)
    values = np.zeros(k)
    arms = np.empty(steps, dtype=np.int64)
    rewards = np.empty(steps)
    for t in range(steps):
        arm = int(rng.integers(k)) if rng.random() < epsilon else int(np.argmax(values))
        reward = float(rng.random() < arm_probs[arm])
        counts[arm] += 1
        values[arm] += (reward - values[arm]) / counts[arm]  # incremental mean
        arms[t], rewards[t] = arm, reward
    return {"arms": arms, "rewards": rewards, "values": values, "counts": counts}
