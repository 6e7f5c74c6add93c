"""Shortest and least-watched routes within a detour budget, on one profile's csgraph.

The shortest route comes from Dijkstra from the start (its search radius grows until it reaches the
destination). Every route within the budget lies in the corridor of nodes v with
d(start, v) + d(v, end) <= (1 + budget) x shortest, so the watched search runs only there: edge weight
= length + penalty x watched length, with the penalty bisected (in log scale) for the least-watched
route that still fits the budget.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

from ..domain.errors import DomainError
from .graph import Network, ProfileGraph, haversine_m

MIN_PENALTY, MAX_PENALTY, STEPS = 0.01, 10_000.0, 12


class Unreachable(DomainError):
    code = "unreachable"
    status = 422


@dataclass
class Route:
    nodes: np.ndarray  # network node ids, start to end
    entries: np.ndarray  # CSR entries of the profile graph, one per step
    length_m: float
    seconds: float
    watched_m: float  # from the per-edge estimate used for the search


@dataclass
class Plan:
    shortest: Route
    least: Route
    penalty: float
    limit_m: float


def _steps(graph: ProfileGraph, nodes: np.ndarray) -> np.ndarray:
    """The CSR entry of each step u -> v (column indices are sorted within each row)."""
    m = graph.matrix
    starts = m.indptr[nodes[:-1]]
    ends = m.indptr[nodes[:-1] + 1]
    found = np.array([s + np.searchsorted(m.indices[s:e], v) for s, e, v in zip(starts, ends, nodes[1:],
                                                                                 strict=True)], np.int64)
    return found


def _walk(pred: np.ndarray, start: int, end: int) -> np.ndarray:
    nodes = [end]
    while nodes[-1] != start:
        before = int(pred[nodes[-1]])
        if before < 0 or len(nodes) > len(pred):
            raise Unreachable("no route of this profile joins the two places", parameter="to")
        nodes.append(before)
    return np.array(nodes[::-1], np.int64)


def _route(graph: ProfileGraph, nodes: np.ndarray, watched: np.ndarray) -> Route:
    entries = _steps(graph, nodes) if len(nodes) > 1 else np.zeros(0, np.int64)
    return Route(nodes, entries, float(graph.matrix.data[entries].sum()), float(graph.seconds[entries].sum()),
                 float(watched[entries].sum()))


def _from_start(network: Network, graph: ProfileGraph, start: int, end: int,
                budget: float) -> tuple[np.ndarray, np.ndarray]:
    """Distances and predecessors from the start, far enough to cover the budget's corridor."""
    straight = float(haversine_m(network.lon[start], network.lat[start], network.lon[end], network.lat[end]))
    total = float(graph.matrix.data.sum())
    limit = max(1000.0, 2 * straight) * (1 + budget)
    while True:
        dist, pred = dijkstra(graph.matrix, indices=start, return_predecessors=True,
                              limit=min(limit, total + 1))
        if np.isfinite(dist[end]) and dist[end] * (1 + budget) <= limit:
            return dist, pred
        if limit > total:
            if np.isfinite(dist[end]):
                return dist, pred
            raise Unreachable("no route of this profile joins the two places (the destination cannot be "
                              "reached from the start on the street network)", parameter="to")
        limit = max(limit * 4, float(dist[end]) * (1 + budget) if np.isfinite(dist[end]) else 0)


def corridor(graph: ProfileGraph, start: int, dist: np.ndarray, end: int, cap: float):
    """The CSR entries (and their nodes) of every edge some route within `cap` metres can use."""
    back = dijkstra(graph.reverse, indices=end, limit=cap * (1 + 1e-9) + 1e-6)
    m = graph.matrix
    rows = np.repeat(np.arange(m.shape[0]), np.diff(m.indptr))
    fits = dist[rows] + m.data + back[m.indices] <= cap * (1 + 1e-9) + 1e-6
    return np.flatnonzero(fits), rows


def plan(network: Network, profile: str, start: int, end: int, budget: float,
         watched_of: Callable[[np.ndarray], np.ndarray]) -> Plan:
    """The shortest route and the least-watched one at most (1 + budget) x as long.

    `watched_of(segments)` gives the watched metres of each network segment asked for.
    """
    graph = network.graph(profile)
    if start == end:
        empty = Route(np.array([start]), np.zeros(0, np.int64), 0.0, 0.0, 0.0)
        return Plan(empty, empty, 0.0, 0.0)
    dist, pred = _from_start(network, graph, start, end, budget)
    cap = float(dist[end]) * (1 + budget)
    entries, rows = corridor(graph, start, dist, end, cap)
    watched = np.zeros(len(graph.matrix.data))
    unique, where = np.unique(graph.segment[entries], return_inverse=True)
    watched[entries] = np.minimum(watched_of(unique)[where], graph.matrix.data[entries])
    shortest = _route(graph, _walk(pred, start, end), watched)
    if budget <= 0 or shortest.watched_m <= 0:
        return Plan(shortest, shortest, 0.0, cap)
    least, penalty = _least(graph, entries, rows, watched, start, end, cap, shortest)
    return Plan(shortest, least, penalty, cap)


def _least(graph: ProfileGraph, entries: np.ndarray, rows: np.ndarray, watched: np.ndarray, start: int,
           end: int, cap: float, shortest: Route) -> tuple[Route, float]:
    nodes = np.unique(np.concatenate([rows[entries], graph.matrix.indices[entries]]))
    local = np.full(graph.matrix.shape[0], -1, np.int64)
    local[nodes] = np.arange(len(nodes))
    sub_rows, sub_cols = local[rows[entries]], local[graph.matrix.indices[entries]]
    length, seen = graph.matrix.data[entries], watched[entries]
    best, best_penalty = shortest, 0.0
    low, high = MIN_PENALTY, MAX_PENALTY
    for step in range(STEPS):
        penalty = high if step == 0 else float(np.sqrt(low * high))
        sub = csr_matrix((length + penalty * seen, (sub_rows, sub_cols)), shape=(len(nodes), len(nodes)))
        _, pred = dijkstra(sub, indices=local[start], return_predecessors=True)
        route = _route(graph, nodes[_walk(pred, int(local[start]), int(local[end]))], watched)
        if route.length_m <= cap * (1 + 1e-9):
            if (route.watched_m, route.length_m) < (best.watched_m, best.length_m):
                best, best_penalty = route, penalty
            if step == 0:
                break  # even the strongest penalty fits the budget
            low = penalty
        else:
            high = penalty
    return best, best_penalty
