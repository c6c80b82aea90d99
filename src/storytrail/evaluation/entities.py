"""Cross-document entity coreference on ECB+ gold mentions, with the pipeline's resolution code."""

from __future__ import annotations

import functools
import json
import re
from collections import defaultdict
from pathlib import Path

from storytrail.article.embeddings import DIMENSIONS, normalise
from storytrail.corpus.description_links import ROLE_REACH, MentionContext, link_descriptions
from storytrail.corpus.resolution import Candidate, resolve
from storytrail.evaluation.coref_metrics import b_cubed, conll
from storytrail.names import fold

CONTEXT_BATCH = 32
MENTION_TOKENS = 32  # a mention's words alone: a name or a noun phrase


def sub_topic(doc_id: str) -> str:
    """ "2_11ecbplus" -> "2/ecbplus": ECB+ pairs each topic's ECB articles with a second event's ECB+ ones."""
    topic, rest = doc_id.split("_", 1)
    return f"{topic}/{'ecbplus' if rest.endswith('ecbplus') else 'ecb'}"


def read_ecbplus(folder: Path, split: str) -> tuple[list[Candidate], dict[str, str], dict[str, str]]:
    """Candidates for every gold mention, their gold chain, and their gold type (HUM, NON, LOC, TIM)."""
    candidates, chains, types = [], {}, {}
    for mention_id, m in gold_mentions(folder, split):
        words = m["tokens_str"].split()
        first = m["tokens_number"][0]
        capitalised = [w for i, w in enumerate(words) if w[:1].isupper() and not (i == 0 and first == 0)]
        candidates.append(
            Candidate(
                id=mention_id,
                doc=m["doc_id"],
                block=sub_topic(m["doc_id"]),
                name_block=m["doc_id"].split("_", 1)[0],
                text=m["tokens_str"],
                position=m["sent_id"] * 10_000 + first,
                is_name=bool(capitalised) and len(capitalised) >= len([w for w in words if w[:1].isalpha()]) / 2,
            )
        )
        chain = m["coref_chain"]
        chains[mention_id] = f"{chain}:{mention_id}" if chain == "UNK" else chain
        types[mention_id] = m["mention_type"]
    return candidates, chains, types


@functools.lru_cache(maxsize=2)  # read for the candidates and again for their contexts
def gold_mentions(folder: Path, split: str) -> tuple[tuple[str, dict], ...]:
    """Each gold mention of a split with its id."""
    gold = json.loads((folder / f"ECB_{split}_Entity_gold_mentions.json").read_text(encoding="utf-8"))
    return tuple((f"{m['doc_id']}:{m['sent_id']}:{'-'.join(map(str, m['tokens_number']))}:{number}", m) for number, m in enumerate(gold))


def ecbplus_contexts(folder: Path, split: str) -> dict[str, MentionContext]:
    """What the learned description join reads of each gold mention (``MentionContext``): its
    sentence from the corpus file (its words only; the file's last column is the gold), its token
    states there and its words alone, both from the quote encoder."""
    from storytrail.article.embeddings import quote_encoder

    sentences: dict[tuple[str, int], list[str]] = defaultdict(list)
    for line in (folder / f"ECB_{split}_corpus.txt").read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if len(fields) >= 4:
            sentences[(fields[0], int(fields[1]))].append(fields[3])
    mentions = gold_mentions(folder, split)
    items, before = [], []
    for _, m in mentions:
        words = sentences[(m["doc_id"], m["sent_id"])]
        first, last = m["tokens_number"][0], m["tokens_number"][-1]
        start = sum(len(w) + 1 for w in words[:first])
        end = sum(len(w) + 1 for w in words[:last]) + len(words[last])
        items.append((" ".join(words), start, end))
        before.append(tuple(fold(w) for w in words[max(0, first - ROLE_REACH) : first]))
    encoder = quote_encoder()
    in_context = normalise(encoder.encode_targets(items, CONTEXT_BATCH)[:, DIMENSIONS:])
    alone = encoder.encode([m["tokens_str"] for _, m in mentions], CONTEXT_BATCH, MENTION_TOKENS)
    return {
        mention_id: MentionContext(in_context[i], alone[i], m["sent_id"], before[i])
        for i, (mention_id, m) in enumerate(mentions)
    }


def clusters_of(assignment: dict[str, str], keep: set[str] | None = None) -> list[frozenset]:
    groups: dict[str, set[str]] = defaultdict(set)
    for mention, cluster in assignment.items():
        if keep is None or mention in keep:
            groups[cluster].add(mention)
    return [frozenset(g) for g in groups.values()]


def evaluate_ecbplus(folder: Path, split: str, out: Path | None = None) -> dict[str, float]:
    """The sieves, then the learned join of descriptions across the documents of a sub-topic,
    which reads each mention's sentence from the split's corpus file (the sieves alone without it)."""
    candidates, chains, types = read_ecbplus(folder, split)
    predicted = resolve(candidates)
    if (folder / f"ECB_{split}_corpus.txt").exists():
        predicted = link_descriptions(candidates, ecbplus_contexts(folder, split), predicted)
    result = conll(clusters_of(chains), clusters_of(predicted))
    people = {m for m, t in types.items() if t == "HUM"}
    result["hum_conll_f1"] = conll(clusters_of(chains, people), clusters_of(predicted, people))["conll_f1"]
    result["mentions"] = len(candidates)
    if out is not None:
        with out.open("w", encoding="utf-8") as stream:
            for c in candidates:
                stream.write(json.dumps({"mention": c.id, "doc": c.doc, "text": c.text, "gold": chains[c.id], "predicted": predicted[c.id]}) + "\n")
    return result


def format_report(result: dict[str, float]) -> str:
    keys = ("conll_f1", "muc_f1", "b3_f1", "ceafe_f1", "lea_f1", "hum_conll_f1")
    return "  ".join(f"{k.removesuffix('_f1')}={result[k]:.4f}" for k in keys) + f"  (mentions: {result['mentions']})"


def evaluate_seed_entities(folder: Path, model: str | None = None) -> dict:
    """The seeds' entity target: every gold entity named in more than one article should be one
    predicted entity holding all its listed mentions, and no predicted entity should hold two
    gold entities. A listed mention is found where a predicted mention overlaps one of its
    occurrences in the article (so "Ken's" is found as the mention "Ken")."""
    from storytrail.evaluation.analyzed import analyzed_store

    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    with analyzed_store(folder, model) as store:
        texts = {doc[:3]: (doc, text) for doc, text in store.article_texts().items()}
        mentions: dict[str, list] = defaultdict(list)
        for row in store.named_mentions():
            mentions[row["doc"]].append((row["start"], row["end"], row["entity"], row["name"]))
    rows, holders = [], defaultdict(set)
    for key, entity in gold["entities"].items():
        found, missing = set(), []
        for prefix, listed in entity["mentions"].items():
            doc, text = texts[prefix]
            for mention in listed:
                spans = [m.span() for m in re.finditer(rf"(?<!\w){re.escape(mention)}(?!\w)", text)]
                hits = {(e, n) for s, t in spans for start, end, e, n in mentions[doc] if start < t and s < end}
                found |= hits
                if not hits:
                    missing.append(f"{prefix}:{mention}")
        for entity_id, _ in found:
            holders[entity_id].add(key)
        rows.append({"entity": key, "articles": len(entity["mentions"]), "predicted": sorted({n for _, n in found}), "missing": missing, "ids": {e for e, _ in found}})
    shared = {e: sorted(keys) for e, keys in holders.items() if len(keys) > 1}
    for row in rows:
        ids = row.pop("ids")
        row["one_entity"] = row["articles"] > 1 and len(ids) == 1 and not row["missing"] and not ids & shared.keys()
    multi = [r for r in rows if r["articles"] > 1]
    return {"one_entity": sum(r["one_entity"] for r in multi), "multi_article_entities": len(multi), "entities": multi, "shared": list(shared.values())}


def format_seed_report(result: dict) -> str:
    lines = []
    for row in result["entities"]:
        mark = "ok " if row["one_entity"] else "   "
        lines.append(f"{mark} {row['entity']:20} predicted {', '.join(row['predicted']) or '-'}" + (f"  missing {', '.join(row['missing'])}" if row["missing"] else ""))
    for keys in result["shared"]:
        lines.append(f"    one predicted entity holds {', '.join(keys)}")
    lines.append(f"{result['one_entity']}/{result['multi_article_entities']} gold entities named in several articles are one entity with all their mentions")
    return "\n".join(lines)



def evaluate_newswcl_entities(folder: Path, model: str | None = None) -> dict:
    """NewsWCL50's people on real multi-outlet coverage: every article analysed together with its
    metadata, scored by ``score_newswcl_people``."""
    from storytrail.article.registry import FAST_STAGES
    from storytrail.ingest.readers import IngestOptions, load_metadata

    from .analyzed import analyzed_store

    gold = json.loads((folder / "entities_gold.json").read_text(encoding="utf-8"))
    options = IngestOptions(metadata=load_metadata(folder / "metadata.csv"))
    with analyzed_store(folder / "raw", model, options, stages=FAST_STAGES) as store:
        names = {e.id: e.name for e in store.entities().values()}
        return score_newswcl_people(store.mentions(), names, gold)


def score_newswcl_people(mentions: list, names: dict[str, str], gold: dict) -> dict:
    """People only (concepts of type person that are no bucket): each gold mention takes the entity
    of the predicted mention overlapping it most (of several alike, the shortest); B³ over the gold mentions so covered, a predicted
    entity counted apart in each event (the gold codes each event apart); the share covered; and
    each predicted entity that holds two gold people (a wrong merge), with the names it joined."""
    by_doc: dict[str, list] = defaultdict(list)
    for mention in mentions:
        if mention.entity is not None:
            by_doc[mention.doc].append(mention)
    key: dict[str, set[str]] = defaultdict(set)
    response: dict[tuple[str, str], set[str]] = defaultdict(set)
    joined: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    total = 0
    for event, concepts in gold.items():
        for concept in concepts:
            if concept["type"] != "person" or concept["bucket"]:
                continue
            for number, mention in enumerate(concept["mentions"]):
                total += 1
                overlap = [(min(m.end, mention["end"]) - max(m.start, mention["start"]), m) for m in by_doc[mention["doc"]]]
                # of mentions overlapping it alike, the tightest: "Trump" in [the [Trump] campaign]
                best = max(overlap, key=lambda o: (o[0], -(o[1].end - o[1].start)), default=(0, None))
                if best[0] <= 0:
                    continue
                item = f"{event}:{concept['concept']}:{number}"
                key[f"{event}:{concept['concept']}"].add(item)
                response[(event, best[1].entity)].add(item)
                joined[(event, best[1].entity)][concept["concept"]].add(mention["text"])
    precision, recall, f1 = b_cubed([frozenset(c) for c in key.values()], [frozenset(c) for c in response.values()])
    merges = [
        {"event": event, "entity": names.get(entity, entity), "people": {c: sorted(texts)[:4] for c, texts in sorted(people.items())}}
        for (event, entity), people in sorted(joined.items()) if len(people) > 1
    ]
    covered = sum(len(c) for c in key.values())
    return {"b3_precision": precision, "b3_recall": recall, "b3_f1": f1, "covered": covered / total if total else 0.0,
            "gold_mentions": total, "wrong_merges": merges, "name_clashes": name_clashes(mentions, names)}


def name_clashes(mentions: list, names: dict[str, str]) -> list[dict]:
    """Predicted entities that hold two people by their own full names: given names that share no
    word, initial or spelling ("Melania Trump" in "Donald J. Trump"; not "Yusuf" / "Yousouf")."""
    from rapidfuzz.distance import JaroWinkler

    from storytrail.names import given_names_match, person_name_parts, words_of

    full: dict[str, set[str]] = defaultdict(set)
    for mention in mentions:
        if mention.entity is not None and mention.kind == "name" and mention.type == "PERSON" and len(words_of(mention.text)) > 1:
            full[mention.entity].add(mention.text)

    def apart(a: str, b: str) -> bool:
        given_a, _, suffix_a = person_name_parts(words_of(a))
        given_b, _, suffix_b = person_name_parts(words_of(b))
        if suffix_a != suffix_b:
            return True
        if given_names_match(given_a, given_b):
            return False
        return all(JaroWinkler.similarity(x, y) < 0.85 for x in given_a for y in given_b)

    clashes = []
    for entity, texts in sorted(full.items()):
        ordered = sorted(texts)
        pairs = [(a, b) for i, a in enumerate(ordered) for b in ordered[i + 1 :] if apart(a, b)]
        if pairs:
            clashes.append({"entity": names.get(entity, entity), "names": sorted({n for pair in pairs for n in pair})})
    return clashes


def format_newswcl_report(result: dict) -> str:
    lines = [f"people: B3 precision {result['b3_precision']:.3f}  recall {result['b3_recall']:.3f}  F1 {result['b3_f1']:.3f}  "
             f"covered {result['covered']:.3f} of {result['gold_mentions']} gold mentions"]
    for clash in result["name_clashes"]:
        lines.append(f"  two people in one entity: {clash['entity']} holds {', '.join(clash['names'])}")
    for merge in result["wrong_merges"]:
        people = "; ".join(f"{concept} ({', '.join(texts)})" for concept, texts in merge["people"].items())
        lines.append(f"  wrong merge, event {merge['event']}: {merge['entity']} holds {people}")
    return "\n".join(lines)
