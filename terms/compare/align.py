"""Clause alignment between two versions, kept near-linear in the number of clauses.

1. **Exact anchors**: clauses with identical comparison keys, matched in order
   (patience style: keys unique in both versions, heaviest increasing subsequence
   weighted by text length so the larger amount of text stays "in place"),
   recursively inside the gaps between anchors.
2. **Fuzzy in gaps**: between consecutive anchors, pairs whose word-level
   similarity reaches a threshold, best first, keeping document order. Small gaps
   compare every pair; large ones only candidates sharing word trigrams.
3. **Slots**: a gap left with one clause on each side is that clause rewritten,
   when it is numbered (whatever its new number) or still shares some words.
4. **Moves**: what is left, matched regardless of order (exact, then fuzzy with a
   stricter threshold).
5. **Splits and merges**: one clause whose words are covered by two to four
   consecutive clauses of the other version.
6. **Last pairings**: of what is still left, a clause whose words appear word for
   word inside a clause of the other version (a sentence added around it), then
   pairs each other's best match at a looser threshold (a clause reworded *and*
   moved past its neighbour). Each is "changed" when it sits in order between its
   matched neighbours, else "moved".
7. **In place**: a leftover and the other version's leftover in its place, each the
   other's best match there, or carrying the same number: that clause rewritten.
"""

from __future__ import annotations

import bisect
import difflib
import itertools
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz.distance import Indel

from terms.compare.clausetext import ClauseText
from terms.model import ClauseKind


class How(StrEnum):
    EXACT = "exact"
    FUZZY = "fuzzy"
    SLOT = "slot"
    MOVE = "move"
    SPLIT = "split"
    MERGE = "merge"


@dataclass(frozen=True, slots=True)
class Match:
    old: tuple[int, ...]
    new: tuple[int, ...]
    how: How
    similarity: float


@dataclass(frozen=True, slots=True)
class AlignOptions:
    fuzzy_threshold: float = 0.5     # word-level similarity for an in-order "changed" pair
    move_threshold: float = 0.75     # stricter: out-of-order pairs are matched without context
    move_min_words: int = 6          # shorter clauses ("Contact us") only move when identical
    slot_threshold: float = 0.3      # an unnumbered clause replaced in place, sharing this much
    split_threshold: float = 0.85    # one clause against two or more consecutive ones, joined
    split_pieces: int = 4            # ...at most this many
    split_margin: float = 0.05       # ...and this much better than against one of them alone
    scatter_min_words: int = 30      # a clause this long may be cut into pieces that are not side by side,
    scatter_piece: float = 0.8       # ...each piece made of this much of its three-word runs
    scatter_cover: float = 0.7       # ...and the pieces covering this much of it
    mutual_threshold: float = 0.6    # last pairings: each the other's best match, sharing this much
    contained_min_words: int = 10    # ...or one inside the other word for word (out of order: this long)
    in_place_threshold: float = 0.35  # a leftover rewritten in its place: each the other's best there
    in_place_window: int = 8         # ...where at most this many new clauses lie between its neighbours
    item_threshold: float = 0.2      # numbered leftovers of one section, each the other's best in its place
    all_pairs_limit: int = 4096      # gaps with more pairs than this use the trigram index
    candidates_per_clause: int = 8


def _weighted_lis(pairs: Sequence[tuple[int, int]], weights: Sequence[float]) -> list[int]:
    """Indices into ``pairs`` (sorted by old index) of the heaviest chain increasing in new index."""
    ranks = {j: r + 1 for r, j in enumerate(sorted(j for _, j in pairs))}
    size = len(ranks)
    tree_val = [0.0] * (size + 1)
    tree_idx = [-1] * (size + 1)
    best = [0.0] * len(pairs)
    prev = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        r = ranks[j]
        q, value, at = r - 1, 0.0, -1
        while q > 0:
            if tree_val[q] > value:
                value, at = tree_val[q], tree_idx[q]
            q -= q & -q
        best[k] = value + weights[k]
        prev[k] = at
        q = r
        while q <= size:
            if best[k] > tree_val[q]:
                tree_val[q], tree_idx[q] = best[k], k
            q += q & -q
    if not pairs:
        return []
    k = max(range(len(pairs)), key=best.__getitem__)
    chain = []
    while k >= 0:
        chain.append(k)
        k = prev[k]
    return chain[::-1]


def _exact_anchors(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int]]:
    """In-order pairs of equal keys (patience recursion; difflib where no key is unique)."""
    anchors: list[tuple[int, int]] = []
    stack = [(0, len(a), 0, len(b))]
    while stack:
        alo, ahi, blo, bhi = stack.pop()
        while alo < ahi and blo < bhi and a[alo] == b[blo]:
            anchors.append((alo, blo))
            alo, blo = alo + 1, blo + 1
        while alo < ahi and blo < bhi and a[ahi - 1] == b[bhi - 1]:
            ahi, bhi = ahi - 1, bhi - 1
            anchors.append((ahi, bhi))
        if alo >= ahi or blo >= bhi:
            continue
        count_a = Counter(a[alo:ahi])
        count_b = Counter(b[blo:bhi])
        where_b = {b[j]: j for j in range(blo, bhi) if count_b[b[j]] == 1}
        unique = [(i, where_b[a[i]]) for i in range(alo, ahi) if count_a[a[i]] == 1 and a[i] in where_b]
        if not unique:
            if count_a.keys() & count_b.keys():
                matcher = difflib.SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False)
                for block in matcher.get_matching_blocks():
                    anchors.extend((alo + block.a + t, blo + block.b + t) for t in range(block.size))
            continue
        chain = [unique[k] for k in _weighted_lis(unique, [len(a[i]) + 1.0 for i, _ in unique])]
        pi, pj = alo, blo
        for i, j in chain:
            anchors.append((i, j))
            stack.append((pi, i, pj, j))
            pi, pj = i + 1, j + 1
        stack.append((pi, ahi, pj, bhi))
    anchors.sort()
    return anchors


def _shingles(words: Sequence[int]) -> set[tuple[int, ...]]:
    if len(words) < 3:
        return {tuple(words)} if words else set()
    return {tuple(words[k:k + 3]) for k in range(len(words) - 2)}


class _LazyWords:
    """Clause words as integer ids, computed on first use: most clauses are exact anchors and
    never need them."""

    def __init__(self, texts: Sequence[ClauseText], vocabulary: dict[str, int]) -> None:
        self._texts = texts
        self._vocabulary = vocabulary
        self._cache: list[list[int] | None] = [None] * len(texts)

    def __getitem__(self, index: int) -> list[int]:
        words = self._cache[index]
        if words is None:
            vocabulary = self._vocabulary
            words = [vocabulary.setdefault(w, len(vocabulary)) for w in self._texts[index].words]
            self._cache[index] = words
        return words


class _Aligner:
    def __init__(self, old: Sequence[ClauseText], new: Sequence[ClauseText], options: AlignOptions) -> None:
        self.old, self.new, self.options = old, new, options
        self._vocabulary: dict[str, int] = {}
        self.a_words = _LazyWords(old, self._vocabulary)
        self.b_words = _LazyWords(new, self._vocabulary)
        self._shingle_cache: dict[tuple[bool, int], set[tuple[int, ...]]] = {}
        self.old_match = [-1] * len(old)   # index into self.matches
        self.new_match = [-1] * len(new)
        self.matches: list[Match | None] = []
        self._slots: list[Match] = []   # see _fill_gap
        self.old_index = {c.clause.id: i for i, c in enumerate(old)}   # clause id -> position
        self.new_index = {c.clause.id: j for j, c in enumerate(new)}

    # -- bookkeeping -------------------------------------------------------------------------------

    def _add(self, match: Match) -> None:
        index = len(self.matches)
        self.matches.append(match)
        for i in match.old:
            self.old_match[i] = index
        for j in match.new:
            self.new_match[j] = index

    def _replace(self, index: int, match: Match) -> None:
        self.matches[index] = match
        for i in match.old:
            self.old_match[i] = index
        for j in match.new:
            self.new_match[j] = index

    def _compatible(self, i: int, j: int) -> bool:
        return self.old[i].is_heading == self.new[j].is_heading

    def _similarity(self, a: Sequence[int], b: Sequence[int], cutoff: float = 0.0) -> float:
        total = len(a) + len(b)
        if not total or 2 * min(len(a), len(b)) < cutoff * total:
            return 0.0
        return Indel.normalized_similarity(a, b, score_cutoff=cutoff)

    def _shingles(self, new_side: bool, index: int) -> set[tuple[int, ...]]:
        key = (new_side, index)
        if key not in self._shingle_cache:
            self._shingle_cache[key] = _shingles((self.b_words if new_side else self.a_words)[index])
        return self._shingle_cache[key]

    def _candidates(self, a_idx: Sequence[int], b_idx: Sequence[int]) -> Iterable[tuple[int, int]]:
        a_idx = [i for i in a_idx if self.a_words[i]]
        b_idx = [j for j in b_idx if self.b_words[j]]
        if len(a_idx) * len(b_idx) <= self.options.all_pairs_limit:
            return [(i, j) for i in a_idx for j in b_idx if self._compatible(i, j)]
        index: dict[tuple[int, ...], list[int]] = defaultdict(list)
        for j in b_idx:
            for shingle in self._shingles(True, j):
                index[shingle].append(j)
        common_limit = max(50, len(b_idx) // 20)
        found: set[tuple[int, int]] = set()
        for i in a_idx:
            counter: Counter[int] = Counter()
            for shingle in self._shingles(False, i):
                hits = index.get(shingle)
                if hits and len(hits) <= common_limit:
                    counter.update(hits)
            found.update((i, j) for j, _ in counter.most_common(self.options.candidates_per_clause)
                         if self._compatible(i, j))
        return found

    # -- steps -------------------------------------------------------------------------------------

    def run(self) -> list[Match]:
        anchors = _exact_anchors([c.key for c in self.old], [c.key for c in self.new])
        for i, j in anchors:
            self._add(Match((i,), (j,), How.EXACT, 1.0))
        bounds = [(-1, -1), *anchors, (len(self.old), len(self.new))]
        for (pi, pj), (ni, nj) in itertools.pairwise(bounds):
            if ni - pi > 1 and nj - pj > 1:
                self._fill_gap(range(pi + 1, ni), range(pj + 1, nj))
        self._moves()
        for slot in self._slots:
            (i,), (j,) = slot.old, slot.new
            if self.old_match[i] < 0 and self.new_match[j] < 0:
                self._add(slot)
        self._splits_and_merges()
        self._scattered()
        self._last_pairings()
        self._rewritten_in_place()
        self._items_rewritten_in_place()
        self._same_number_in_place()
        self._same_id_in_place()
        self._renamed_headings()
        return [m for m in self.matches if m is not None]

    def _fill_gap(self, a_range: range, b_range: range) -> None:
        threshold = self.options.fuzzy_threshold
        scored = []
        for i, j in self._candidates(a_range, b_range):
            similarity = self._similarity(self.a_words[i], self.b_words[j], threshold)
            if similarity >= threshold:
                offset = abs((i - a_range.start) / len(a_range) - (j - b_range.start) / len(b_range))
                scored.append((-similarity, offset, i, j))
        scored.sort()
        accepted_i: list[int] = []
        partner: dict[int, int] = {}
        used_j: set[int] = set()
        for negative, _, i, j in scored:
            if i in partner or j in used_j:
                continue
            at = bisect.bisect(accepted_i, i)
            if at and partner[accepted_i[at - 1]] > j:
                continue
            if at < len(accepted_i) and partner[accepted_i[at]] < j:
                continue
            accepted_i.insert(at, i)
            partner[i] = j
            used_j.add(j)
            self._add(Match((i,), (j,), How.FUZZY, -negative))
        # A sub-gap left with exactly one clause on each side: that clause, rewritten, if it is
        # numbered (whatever the new number) or still shares some words ("Last updated: <date>").
        # Paired after the moves, unless one of them moved: a clause moved word for word to the
        # end was paired with an unrelated one left in its place, at similarity 0.13.
        bounds = [(a_range.start - 1, b_range.start - 1), *((i, partner[i]) for i in accepted_i),
                  (a_range.stop, b_range.stop)]
        for (pi, pj), (ni, nj) in itertools.pairwise(bounds):
            if ni - pi == 2 and nj - pj == 2:
                i, j = pi + 1, pj + 1
                if not self._compatible(i, j):
                    continue
                similarity = self._similarity(self.a_words[i], self.b_words[j])
                numbered = self.old[i].clause.number and self.new[j].clause.number
                if numbered or (self.old[i].clause.kind is self.new[j].clause.kind
                                and similarity >= self.options.slot_threshold):
                    self._slots.append(Match((i,), (j,), How.SLOT, similarity))

    def _moves(self) -> None:
        rest_new: dict[str, deque[int]] = defaultdict(deque)
        for j, m in enumerate(self.new_match):
            if m < 0:
                rest_new[self.new[j].key].append(j)
        for i, m in enumerate(self.old_match):
            if m < 0 and rest_new.get(self.old[i].key):
                self._add(Match((i,), (rest_new[self.old[i].key].popleft(),), How.MOVE, 1.0))
        threshold = self.options.move_threshold
        shortest = self.options.move_min_words
        rest_a = [i for i, m in enumerate(self.old_match) if m < 0 and len(self.old[i].words) >= shortest]
        rest_b = [j for j, m in enumerate(self.new_match) if m < 0 and len(self.new[j].words) >= shortest]
        scored = []
        for i, j in self._candidates(rest_a, rest_b):
            similarity = self._similarity(self.a_words[i], self.b_words[j], threshold)
            if similarity >= threshold:
                scored.append((-similarity, i, j))
        scored.sort()
        for negative, i, j in scored:
            if self.old_match[i] < 0 and self.new_match[j] < 0:
                self._add(Match((i,), (j,), How.MOVE, -negative))

    def _splits_and_merges(self) -> None:
        options = self.options
        # A reworded pair whose unmatched neighbour completes it.
        margin = options.split_margin
        for index, match in enumerate(self.matches):
            if match is None or match.similarity >= 1.0 or len(match.old) != 1 or len(match.new) != 1:
                continue
            (i,), (j,) = match.old, match.new
            if self.old[i].is_heading:
                continue
            better = self._best_pair(self.a_words[i], j, self.new, self.new_match, self.b_words,
                                     minimum=max(options.split_threshold, match.similarity + margin))
            if better:
                self._replace(index, Match((i,), better[0], How.SPLIT, better[1]))
                continue
            better = self._best_pair(self.b_words[j], i, self.old, self.old_match, self.a_words,
                                     minimum=max(options.split_threshold, match.similarity + margin))
            if better:
                self._replace(index, Match(better[0], (j,), How.MERGE, better[1]))
        # An unmatched clause covered by two unmatched consecutive clauses of the other version.
        rest_a = [i for i, m in enumerate(self.old_match) if m < 0 and self.a_words[i]]
        rest_b = [j for j, m in enumerate(self.new_match) if m < 0 and self.b_words[j]]
        for i, j in sorted(self._candidates(rest_a, rest_b)):
            if self.old_match[i] >= 0 or self.new_match[j] >= 0 or self.old[i].is_heading:
                continue
            split = self._best_pair(self.a_words[i], j, self.new, self.new_match, self.b_words,
                                    minimum=options.split_threshold, include_self=True)
            if split:
                self._add(Match((i,), split[0], How.SPLIT, split[1]))
                continue
            merge = self._best_pair(self.b_words[j], i, self.old, self.old_match, self.a_words,
                                    minimum=options.split_threshold, include_self=True)
            if merge:
                self._add(Match(merge[0], (j,), How.MERGE, merge[1]))

    def _scattered(self) -> None:
        """A long clause cut into pieces that are not all side by side, and the reverse: a paragraph's
        sentences spread over clauses under two new headings with a new sentence among them ("§7" →
        8.1, 8.2, 9.1, 9.3–9.6, 9.2 added). Each piece must be made of the clause's own words
        (``scatter_piece`` of its three-word runs found in it), the pieces together must cover
        ``scatter_cover`` of it, and the clause must be unmatched or matched worse than that."""
        self._scatter(self.old, self.new, self.old_match, self.new_match, new_side=True)
        self._scatter(self.new, self.old, self.new_match, self.old_match, new_side=False)

    def _scatter(self, side: Sequence[ClauseText], other: Sequence[ClauseText], matched: list[int],
                 other_matched: list[int], *, new_side: bool) -> None:
        """Cut clauses of ``side`` into pieces of ``other`` (``new_side``: ``other`` is the new version)."""
        options = self.options
        wholes = [k for k, m in enumerate(matched) if not side[k].is_heading
                  and len(side[k].words) >= options.scatter_min_words
                  and (m < 0 or (self.matches[m] is not None and len(self.matches[m].old) == 1
                                 and len(self.matches[m].new) == 1
                                 and self.matches[m].similarity < options.scatter_cover))]
        if not wholes:
            return
        # (a line the other version repeats, "Your activity and information you provide:", is no
        # piece: which of its copies would it be?)
        repeated = Counter(c.key for c in other)
        loose = [k for k, m in enumerate(other_matched) if not other[k].is_heading
                 and len(other[k].words) >= options.move_min_words and repeated[other[k].key] == 1
                 and (m < 0 or self.matches[m] is None or self.matches[m].similarity < options.scatter_cover)]
        # (pairs are always (old, new))
        pairs = self._candidates(wholes, loose) if new_side else self._candidates(loose, wholes)
        pieces: dict[int, list[int]] = defaultdict(list)
        for i, j in pairs:
            whole, piece = (i, j) if new_side else (j, i)
            pieces[whole].append(piece)
        for whole in wholes:
            own = self._shingles(not new_side, whole)
            found = [k for k in sorted(set(pieces.get(whole, ())))
                     if other_matched[k] < 0 or other_matched[k] == matched[whole]
                     if _share(self._shingles(new_side, k), own) >= options.scatter_piece]
            if len(found) < 2:
                continue
            covered = set().union(*(self._shingles(new_side, k) for k in found)) & own
            cover = len(covered) / len(own) if own else 0.0
            if cover < options.scatter_cover:
                continue
            previous = matched[whole]
            if previous >= 0:   # the poor pairing it had is undone
                old_match = self.matches[previous]
                assert old_match is not None
                for k in (old_match.new if new_side else old_match.old):
                    other_matched[k] = -1
                self.matches[previous] = None
                matched[whole] = -1
            self._add(Match((whole,), tuple(found), How.SPLIT, cover) if new_side
                      else Match(tuple(found), (whole,), How.MERGE, cover))

    def _last_pairings(self) -> None:
        """Pair leftovers that one clause contains word for word, then leftovers that are each
        other's best match (at ``mutual_threshold``); all need ``move_min_words`` words.

        Out of order, the shorter of a containing pair needs ``contained_min_words``: a title-like
        line ("Your use of the service") is found inside many a paragraph elsewhere."""
        shortest = self.options.move_min_words
        rest_a = [i for i, m in enumerate(self.old_match) if m < 0 and len(self.old[i].words) >= shortest]
        rest_b = [j for j, m in enumerate(self.new_match) if m < 0 and len(self.new[j].words) >= shortest]
        if not rest_a or not rest_b:
            return
        candidates = sorted(self._candidates(rest_a, rest_b))
        least = self.options.contained_min_words
        for i, j in candidates:
            old, new = self.old[i], self.new[j]
            if self.old_match[i] >= 0 or self.new_match[j] >= 0 or not _contains(old.key, new.key):
                continue
            in_place = self._in_place(i, j)
            if in_place or min(len(old.words), len(new.words)) >= least:
                how = How.FUZZY if in_place else How.MOVE
                self._add(Match((i,), (j,), how, self._similarity(self.a_words[i], self.b_words[j])))
        for i, j, similarity in self._mutual_best(candidates, self.options.mutual_threshold):
            self._add(Match((i,), (j,), How.FUZZY if self._in_place(i, j) else How.MOVE, similarity))

    def _mutual_best(self, pairs: Iterable[tuple[int, int]],
                     threshold: float) -> list[tuple[int, int, float]]:
        """The pairs of leftovers among ``pairs`` that are each other's best match there, sharing at
        least ``threshold`` of their words, with their similarity."""
        best_of_old: dict[int, tuple[float, int]] = {}
        best_of_new: dict[int, tuple[float, int]] = {}
        for i, j in pairs:
            if self.old_match[i] >= 0 or self.new_match[j] >= 0:
                continue
            similarity = self._similarity(self.a_words[i], self.b_words[j], threshold)
            if similarity >= threshold:
                if similarity > best_of_old.get(i, (0.0, -1))[0]:
                    best_of_old[i] = (similarity, j)
                if similarity > best_of_new.get(j, (0.0, -1))[0]:
                    best_of_new[j] = (similarity, i)
        return [(i, j, similarity) for i, (similarity, j) in best_of_old.items() if best_of_new[j][1] == i]

    def _rewritten_in_place(self) -> None:
        """Pair leftovers that lie in each other's place (between the new clauses of the in-order
        matches around the old one) and are each other's best match there, at ``in_place_threshold``.

        A clause rewritten from one promise into another ("we will notify you by e-mail at least 30
        days before …" → "changes are effective when posted …") shares too few words for
        ``fuzzy_threshold``, but where it stands alone in its place it is that clause changed, not
        one removed and another added. Both need ``move_min_words`` words; a place holding more
        than ``in_place_window`` new clauses is no one clause's place."""
        shortest = self.options.move_min_words
        pairs: list[tuple[int, int]] = []
        for i, m in enumerate(self.old_match):
            if m >= 0 or len(self.old[i].words) < shortest:
                continue
            before, after = self._place(i)
            if after - before - 1 <= self.options.in_place_window:
                pairs.extend((i, j) for j in range(before + 1, after)
                             if len(self.new[j].words) >= shortest and self._compatible(i, j))
        for i, j, similarity in self._mutual_best(pairs, self.options.in_place_threshold):
            self._add(Match((i,), (j,), How.FUZZY, similarity))

    def _numbered_in_place(self, i: int) -> list[int]:
        """The unmatched numbered clauses of the new version in old clause ``i``'s place, under the section
        its own section was matched to (none where that section is unmatched or the place is wider than
        ``in_place_window``)."""
        before, after = self._place(i)
        parent = self.old_index.get(self.old[i].clause.parent_id or "")
        if after - before - 1 > self.options.in_place_window or parent is None or self.old_match[parent] < 0:
            return []
        section = self.matches[self.old_match[parent]].new
        return [j for j in range(before + 1, after)
                if self.new_match[j] < 0 and self.new[j].clause.number and not self.new[j].is_heading
                and self.new_index.get(self.new[j].clause.parent_id or "") in section]

    def _items_rewritten_in_place(self) -> None:
        """Pair numbered leftovers of one section that are each other's best match in their place at
        ``item_threshold``, before numbers pair them: a list whose item (c) went and whose later items
        moved up a letter ("(d) to enable Program Sponsors to reach you with Care Messages …" become "(c) to
        send you Care Messages on behalf of Program Sponsors …") is (d) changed, not (c) rewritten into
        something else and (d) into (e)'s successor."""
        shortest = self.options.move_min_words
        pairs = [(i, j) for i, m in enumerate(self.old_match)
                 if m < 0 and self.old[i].clause.number and not self.old[i].is_heading
                 and len(self.old[i].words) >= shortest
                 for j in self._numbered_in_place(i) if len(self.new[j].words) >= shortest]
        for i, j, similarity in self._mutual_best(pairs, self.options.item_threshold):
            self._add(Match((i,), (j,), How.FUZZY, similarity))

    def _same_number_in_place(self) -> None:
        """Pair a leftover with the leftover of the other version that carries the same number in its
        place, where no other leftover there does: "8(b)" rewritten from "Subscribers may read hidden
        reviews" to "No organisation is given access to them" is 8(b) changed, however few words they
        share, when a whole block of a section was rewritten and its clauses are too many, or too unlike
        each other, for :meth:`_rewritten_in_place`. As a gap's one clause on each side is (a "slot"), a
        numbered clause is read as the clause of its number, whatever it now says, where its section (its
        parent) was matched and holds the other, and its place is no wider than ``in_place_window``.
        Headings are left to :meth:`_renamed_headings`."""
        for i, m in enumerate(self.old_match):
            if m >= 0 or not self.old[i].clause.number or self.old[i].is_heading:
                continue
            # (not in a document rebuilt around it: its place is a few clauses of one section that stayed)
            found = [j for j in self._numbered_in_place(i) if self.new[j].label == self.old[i].label]
            if len(found) == 1:
                j = found[0]
                self._add(Match((i,), (j,), How.FUZZY, self._similarity(self.a_words[i], self.b_words[j])))

    def _same_id_in_place(self) -> None:
        """Pair a leftover with the leftover of the other version that has its id in its place, under the
        section matched to its own: the one paragraph under "10. Changes to this policy" rewritten from
        "takes effect as soon as it is posted" to "we will tell you … 30 days before" is 10/p1 changed, not a
        paragraph removed and another added, however few words they share (a fair variant rewrites whole
        paragraphs). Ids of unnumbered clauses count their place among their siblings, so a leftover with
        the same id under the matched section stands where the old one stood. Only a section's one
        paragraph on both sides (one of several replaced by an unrelated one is a paragraph removed and
        another added); list items and table rows replaced by others ("Beacon Ads | Chooses
        advertisements" by "Postwick Mail | Sends emails") are not them reworded."""
        new_index, old_index = self.new_index, self.old_index
        paragraph = ClauseKind.PARAGRAPH
        old_paragraphs = Counter(c.clause.parent_id for c in self.old if c.clause.kind is paragraph)
        new_paragraphs = Counter(c.clause.parent_id for c in self.new if c.clause.kind is paragraph)
        for i, m in enumerate(self.old_match):
            old = self.old[i].clause
            if m >= 0 or old.kind is not paragraph or " | " in old.text \
                    or old_paragraphs[old.parent_id] != 1:
                continue
            j = new_index.get(old.id)
            parent = old_index.get(old.parent_id or "")
            if j is None or self.new_match[j] >= 0 or parent is None or self.old_match[parent] < 0:
                continue
            new = self.new[j].clause
            if new.kind is paragraph and " | " not in new.text and new_paragraphs[new.parent_id] == 1 \
                    and self._in_place(i, j) \
                    and new_index.get(new.parent_id or "") in self.matches[self.old_match[parent]].new:
                self._add(Match((i,), (j,), How.FUZZY, self._similarity(self.a_words[i], self.b_words[j])))

    def _renamed_headings(self) -> None:
        """Pair an unmatched heading with the unmatched new heading under which everything matched of
        its section went ("16. Disputes" → "18. Dispute Resolution and Arbitration": renamed, not a
        section removed and another added)."""
        new_parent = [c.clause.parent_id for c in self.new]
        new_heading = {c.clause.id: j for j, c in enumerate(self.new) if c.is_heading}
        under: dict[str | None, list[int]] = defaultdict(list)
        for i, c in enumerate(self.old):
            under[c.clause.parent_id].append(i)
        for i, heading in enumerate(self.old):
            if not heading.is_heading or self.old_match[i] >= 0:
                continue
            went = set()
            for k in under.get(heading.clause.id, ()):
                match = self.matches[self.old_match[k]] if self.old_match[k] >= 0 else None
                if match is not None:
                    went.update(new_parent[j] for j in match.new)
            if len(went) != 1:
                continue
            j = new_heading.get(next(iter(went)))
            if j is None or self.new_match[j] >= 0:
                continue
            how = How.FUZZY if self._in_place(i, j) else How.MOVE
            self._add(Match((i,), (j,), how, self._similarity(self.a_words[i], self.b_words[j])))

    def _in_place(self, i: int, j: int) -> bool:
        """Whether new clause ``j`` lies between the new clauses of the in-order matches around
        old clause ``i`` (a pair there is "changed", elsewhere "moved")."""
        before, after = self._place(i)
        return before < j < after

    def _place(self, i: int) -> tuple[int, int]:
        """Old clause ``i``'s place in the new version: the new clauses of the in-order matches before
        and after it (-1 and the end where there are none); it lies strictly between them."""
        return (self._in_order_neighbour(range(i - 1, -1, -1), max, -1),
                self._in_order_neighbour(range(i + 1, len(self.old)), min, len(self.new)))

    def _in_order_neighbour(self, olds: range, pick: Callable[[Sequence[int]], int], default: int) -> int:
        """``pick`` of the new clauses of the first old clause in ``olds`` matched in order (not
        moved); ``default`` if there is none."""
        for k in olds:
            match = self.matches[self.old_match[k]] if self.old_match[k] >= 0 else None
            if match is not None and match.how is not How.MOVE:
                return pick(match.new)
        return default

    def _best_pair(self, whole: Sequence[int], at: int, side: Sequence[ClauseText], matched: list[int],
                   words: _LazyWords, *, minimum: float, include_self: bool = False,
                   ) -> tuple[tuple[int, ...], float] | None:
        """The run of consecutive clauses around ``at`` (two to ``split_pieces``) that, joined, covers
        ``whole`` best, when it covers it well enough; a shorter run wins a tie.

        The run's other clauses must be unmatched and not headings (a clause split in three is
        one run of three, not a pair and an "added" clause)."""
        if include_self and matched[at] >= 0:
            return None
        # the stretch of usable neighbours around ``at`` (unmatched, not headings) bounds every run
        reach = self.options.split_pieces - 1
        def usable(k: int) -> bool:
            return matched[k] < 0 and not side[k].is_heading

        low = at
        while low > max(0, at - reach) and usable(low - 1):
            low -= 1
        high = at
        while high < min(len(side) - 1, at + reach) and usable(high + 1):
            high += 1
        best: tuple[tuple[int, ...], float] | None = None
        length = len(whole)
        for size in range(2, min(self.options.split_pieces, high - low + 1) + 1):
            for first in range(max(low, at - size + 1), min(at, high - size + 1) + 1):
                run = range(first, first + size)
                # (the lengths alone bound the similarity: most runs are ruled out before their words
                # are joined)
                joined_length = sum(len(side[k].words) for k in run)
                if 2 * min(length, joined_length) < minimum * (length + joined_length):
                    continue
                joined = [word for k in run for word in words[k]]
                similarity = self._similarity(whole, joined, minimum)
                if similarity >= minimum and (best is None or similarity > best[1]):
                    best = (tuple(run), similarity)
        return best


def _share(part: set[tuple[int, ...]], whole: set[tuple[int, ...]]) -> float:
    """How much of ``part``'s three-word runs are found in ``whole``."""
    return len(part & whole) / len(part) if part else 0.0


def _contains(a: str, b: str) -> bool:
    """Whether the words of one key appear, whole words and in order, inside the other."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return f" {short} " in f" {long} "


def align(old: Sequence[ClauseText], new: Sequence[ClauseText], options: AlignOptions | None = None,
          ) -> list[Match]:
    """Match the clauses of two versions; clauses in no match were removed or added."""
    return _Aligner(old, new, options or AlignOptions()).run()
