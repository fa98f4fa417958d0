# A synthetic version 2 draw of N members computed from docs/DRAW-ALGORITHM.md: record.json and snapshot.txt in the current folder.
import hashlib, json, sys
N = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
H = lambda b: hashlib.sha256(b).hexdigest()
cls = ["A","A","A","A","B","B","B","C","D","UNRATED"]
rows = []
for i in range(N):
    if i % 50 == 7:
        key = "NP" + hashlib.md5(str(i).encode()).hexdigest()
        kind = "NATURAL_PERSON"
    else:
        key = "91BENCH%011d" % i
        kind = "ORGANISATION"
    rows.append((key, cls[i % 10], "330109%03d" % (1 + i % 23), "DEREGISTERED" if i % 40 == 3 else "ACTIVE", kind))
rows.sort(key=lambda r: r[0].encode())
snap = "".join("\t".join(r) + "\n" for r in rows).encode()
digest = H(snap)
c = {"source": "bench lottery", "revealAt": "2026-11-28T13:15:00.000Z", "committedAt": "2026-11-20T02:00:00.000Z"}
frozen = "2026-11-21T08:00:00.000Z"; task = "T-BENCH"; pv = "3D 1 2 3"
seed = H("\n".join([task, digest, frozen, c["source"], c["revealAt"], c["committedAt"], pv]).encode())
rank = lambda k: H((seed + ":" + k).encode())
bp = {"A": 500, "B": 1000, "C": 2000, "D": 5000}
gone = {"DEREGISTERED", "MOVED_OUT"}; kinds = {"ORGANISATION", "NATURAL_PERSON"}
excl = [{"code": r[0], "reason": "STATUS_" + r[3], "evidence": []} for r in rows if r[3] in gone]
elig = [r for r in rows if r[3] not in gone]
sizes, E = {}, {}
for r in rows: sizes[r[1]] = sizes.get(r[1], 0) + 1
for s in sizes: E[s] = sum(1 for r in elig if r[1] == s)
q = {s: min(n, (n * bp.get(s, 0) + 9999) // 10000) for s, n in E.items()}
R = {r[0]: rank(r[0]) for r in elig}
sel = {}
for s in E:
    for r in sorted((r for r in elig if r[1] == s), key=lambda r: (R[r[0]], r[0].encode()))[:q[s]]:
        sel[r[0]] = (r, "STRATUM")
m = 2
for reg in sorted({r[2] for r in elig}):
    inr = [r for r in elig if r[2] == reg]
    want = min(m, len(inr)) - sum(1 for r, _ in sel.values() if r[2] == reg)
    for r in sorted((r for r in inr if r[0] not in sel), key=lambda r: (R[r[0]], r[0].encode()))[:max(0, want)]:
        sel[r[0]] = (r, "JURISDICTION_MINIMUM")
keys = sorted(sel, key=lambda k: k.encode())
rec = {"id": "D-T-BENCH", "taskId": task, "algorithm": "SHA256-RANK-STRATIFIED/2", "seed": seed, "publicValue": pv, "commitment": c,
       "scopeFrozenAt": frozen, "scopeDigest": digest, "snapshotSha256": digest, "snapshotBytes": len(snap), "scopeSize": len(rows),
       "snapshotUrl": "/public/draws/D-T-BENCH/snapshot", "substitutionsUrl": "/public/draws/D-T-BENCH/substitutions",
       "scopeSizes": sizes, "eligibleSizes": E, "quotas": q, "mode": "RATIO", "count": None, "ratios": {s: v / 100 for s, v in bp.items()},
       "ratioBasisPoints": bp, "minPerJurisdiction": m, "excludedStatuses": sorted(gone), "targetKinds": sorted(kinds), "exclusions": excl,
       "selected": [{"key": k, "stratum": sel[k][0][1], "region": sel[k][0][2], "kind": sel[k][0][4], "rank": R[k], "reason": sel[k][1]} for k in keys],
       "selectedDigest": H("".join(k + "\n" for k in keys).encode()), "selectedCount": len(keys)}
open("record.json", "w").write(json.dumps(rec))
open("snapshot.txt", "wb").write(snap)
print(N, len(snap), len(keys))
