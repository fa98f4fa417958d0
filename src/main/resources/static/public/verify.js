/*
 * Verifies a Spotcheck draw in the browser from public data alone, exactly as
 * docs/DRAW-ALGORITHM.md (version 2, SHA256-RANK-STRATIFIED/2 and SHA256-RANK-NEXT/2) says:
 * it downloads the public record, the snapshot bytes and the substitutions, recomputes every
 * step with Web Crypto SHA-256 and compares. No server-side verification is used.
 * Exposes window.SpotcheckVerify.verify(base, drawId, onStep) → Promise<{match, differences, steps, millis}>.
 */
(function () {
  'use strict';

  var encoder = new TextEncoder();
  var HEX = [];
  for (var i = 0; i < 256; i++) { HEX.push((i < 16 ? '0' : '') + i.toString(16)); }

  function hex(buffer) {
    var bytes = new Uint8Array(buffer), out = '';
    for (var i = 0; i < bytes.length; i++) { out += HEX[bytes[i]]; }
    return out;
  }

  function sha256(bytes) {
    return crypto.subtle.digest('SHA-256', bytes).then(hex);
  }

  function sha256Text(text) {
    return sha256(encoder.encode(text));
  }

  /* UTF-8 byte order of two strings = their code point order; JS compares UTF-16 units, which
     differs only when a surrogate meets a unit at or above U+E000, so those are remapped. */
  function unit(u) {
    if (u < 0xD800) { return u; }
    if (u <= 0xDFFF) { return u + 0x2000; }
    return u - 0x800;
  }
  function byteCompare(a, b) {
    var n = Math.min(a.length, b.length);
    for (var i = 0; i < n; i++) {
      var x = a.charCodeAt(i), y = b.charCodeAt(i);
      if (x !== y) { return unit(x) - unit(y); }
    }
    return a.length - b.length;
  }

  /* Ranks SHA-256(seed ":" key) of many keys, in batches so the promise count stays bounded. */
  function rankAll(seed, members, onProgress) {
    var BATCH = 4096, index = 0, prefix = seed + ':';
    function next() {
      if (index >= members.length) { return Promise.resolve(); }
      var end = Math.min(members.length, index + BATCH), jobs = [];
      for (var i = index; i < end; i++) {
        (function (m) {
          jobs.push(crypto.subtle.digest('SHA-256', encoder.encode(prefix + m.key)).then(function (d) { m.rank = hex(d); }));
        })(members[i]);
      }
      index = end;
      return Promise.all(jobs).then(function () { if (onProgress) { onProgress(index, members.length); } return next(); });
    }
    return next();
  }

  function byRank(a, b) {
    return a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : byteCompare(a.key, b.key);
  }

  function fetchOk(url, what) {
    return fetch(url, { credentials: 'omit', cache: 'no-store' }).then(function (r) {
      if (!r.ok) { throw new Error(what + ': HTTP ' + r.status + ' (' + url + ')'); }
      return r;
    });
  }

  /* The whole snapshot as bytes, read as a stream (Web Crypto hashes in one call, so the bytes are kept). */
  function readBytes(response, onProgress) {
    if (!response.body || !response.body.getReader) {
      return response.arrayBuffer().then(function (b) { return new Uint8Array(b); });
    }
    var reader = response.body.getReader(), parts = [], total = 0;
    function pump() {
      return reader.read().then(function (step) {
        if (step.done) {
          var all = new Uint8Array(total), at = 0;
          parts.forEach(function (p) { all.set(p, at); at += p.length; });
          return all;
        }
        parts.push(step.value);
        total += step.value.length;
        if (onProgress) { onProgress(total); }
        return pump();
      });
    }
    return pump();
  }

  function canonical(value) {
    if (Array.isArray(value)) { return '[' + value.map(canonical).join(',') + ']'; }
    if (value && typeof value === 'object') {
      return '{' + Object.keys(value).sort().map(function (k) { return JSON.stringify(k) + ':' + canonical(value[k]); }).join(',') + '}';
    }
    return JSON.stringify(value === undefined ? null : value);
  }

  function short(value) {
    var text = typeof value === 'string' ? value : canonical(value);
    return text.length > 300 ? text.slice(0, 297) + '…' : text;
  }

  /* Lists of rows compared row by row: the first few rows that differ, named. */
  function listDiff(recorded, recomputed, name) {
    var out = [], n = Math.max(recorded.length, recomputed.length), shown = 0, count = 0;
    for (var i = 0; i < n; i++) {
      var a = recorded[i], b = recomputed[i];
      if (canonical(a) !== canonical(b)) {
        count++;
        if (shown < 5) {
          shown++;
          out.push(name + ' #' + (i + 1) + ': recorded ' + (a === undefined ? '(none)' : short(a)) + ', recomputed ' + (b === undefined ? '(none)' : short(b)));
        }
      }
    }
    if (count > shown) { out.push(name + ': ' + (count - shown) + ' more rows differ'); }
    if (recorded.length !== recomputed.length) { out.push(name + ': ' + recorded.length + ' recorded, ' + recomputed.length + ' recomputed'); }
    return out;
  }

  function verify(base, drawId, onStep) {
    var started = performance.now();
    var steps = [], differences = [];
    function step(id, title, detail, ok, diffs) {
      var s = { id: id, title: title, detail: detail, ok: ok, differences: diffs || [] };
      steps.push(s);
      s.differences.forEach(function (d) { differences.push(d); });
      if (onStep) { onStep(s); }
      return s;
    }
    function check(id, title, recorded, recomputed) {
      var same = canonical(recorded) === canonical(recomputed);
      return step(id, title, short(recomputed), same, same ? [] : [title + ': recorded ' + short(recorded) + ', recomputed ' + short(recomputed)]);
    }
    base = (base || '').replace(/\/+$/, '');
    var rec, chain, bytes, tDownload, tHash;
    return fetchOk(base + '/public/draws/' + encodeURIComponent(drawId), 'record').then(function (r) { return r.json(); })
      .then(function (record) {
        rec = record;
        if (rec.algorithm !== 'SHA256-RANK-STRATIFIED/2') { throw new Error('not a version 2 draw: ' + rec.algorithm); }
        return Promise.all([
          fetchOk(base + rec.substitutionsUrl, 'substitutions').then(function (r) { return r.json(); }),
          fetchOk(base + rec.snapshotUrl, 'snapshot').then(function (r) {
            return readBytes(r, function (n) { if (onStep) { onStep({ progress: 'download', done: n, total: rec.snapshotBytes }); } });
          })
        ]);
      })
      .then(function (got) {
        chain = got[0];
        bytes = got[1];
        tDownload = performance.now();
        step('download', '下载公开数据 Public data downloaded',
          'record ' + rec.id + ', snapshot ' + bytes.length + ' bytes, ' + chain.length + ' substitution(s)', true);
        return sha256(bytes);
      })
      .then(function (digest) {
        // §3 the snapshot file and the scope digest
        check('scopeDigest', '范围摘要 scopeDigest', rec.scopeDigest, digest);
        if (rec.snapshotSha256 !== rec.scopeDigest) { check('snapshotSha256', 'snapshotSha256', rec.snapshotSha256, digest); }
        check('snapshotBytes', '快照字节数 snapshotBytes', rec.snapshotBytes, bytes.length);
        var text = new TextDecoder('utf-8').decode(bytes);
        var lines = text.split('\n'), format = [];
        if (lines.pop() !== '') { format.push('snapshot: the last line does not end in LF'); }
        var members = new Array(lines.length), sizes = {};
        for (var i = 0; i < lines.length; i++) {
          var f = lines[i].split('\t');
          if (f.length !== 5 || !f[0]) {
            if (format.length < 5) { format.push('snapshot line ' + (i + 1) + ' is malformed: ' + short(lines[i])); }
          }
          if (i > 0 && byteCompare(members[i - 1].key, f[0]) >= 0 && format.length < 5) {
            format.push('snapshot line ' + (i + 1) + ': key ' + f[0] + ' is not after ' + members[i - 1].key + ' in byte order');
          }
          members[i] = { key: f[0], stratum: f[1], region: f[2], status: f[3], kind: f[4], line: i + 1 };
          sizes[f[1]] = (sizes[f[1]] || 0) + 1;
        }
        step('format', '快照格式 Snapshot format', members.length + ' lines, keys strictly ascending in byte order', format.length === 0, format);
        check('scopeSize', '范围总数 scopeSize', rec.scopeSize, members.length);
        check('scopeSizes', '各层范围数 scopeSizes', rec.scopeSizes, sizes);
        // §4 commit, then reveal; the seed
        var c = rec.commitment || {}, frozen = rec.scopeFrozenAt, order = [];
        if (!(c.committedAt <= frozen)) { order.push('commitment: committedAt ' + c.committedAt + ' is after the freeze ' + frozen + ' (COMMITTED_AFTER_FREEZE)'); }
        if (!(c.revealAt >= frozen)) { order.push('commitment: revealAt ' + c.revealAt + ' is before the freeze ' + frozen + ' (PUBLIC_VALUE_KNOWN_BEFORE_FREEZE)'); }
        if (!(c.revealAt > c.committedAt)) { order.push('commitment: revealAt ' + c.revealAt + ' is not after committedAt ' + c.committedAt + ' (PUBLIC_VALUE_KNOWN_BEFORE_COMMITMENT)'); }
        step('commitment', '先承诺后公布 Commitment', 'source ' + c.source + '; committed ' + c.committedAt + ', frozen ' + frozen + ', revealed ' + c.revealAt, order.length === 0, order);
        return sha256Text([rec.taskId, digest, frozen, c.source, c.revealAt, c.committedAt, rec.publicValue].join('\n')).then(function (seed) {
          check('seed', '种子 seed', rec.seed, seed);
          return { digest: digest, members: members, sizes: sizes, seed: seed };
        });
      })
      .then(function (ctx) {
        var members = ctx.members, sizes = ctx.sizes;
        // §6 exclusions: status, then kind, then the recorded external reason
        var gone = new Set(rec.excludedStatuses || []), kinds = new Set(rec.targetKinds || []), ext = new Map();
        (rec.exclusions || []).forEach(function (e) {
          if (e.reason !== 'KIND_NOT_TARGETED' && e.reason.indexOf('STATUS_') !== 0) { ext.set(e.code, e.reason); }
        });
        var excluded = [], eligible = [];
        members.forEach(function (m) {
          var why = gone.has(m.status) ? 'STATUS_' + m.status : !kinds.has(m.kind) ? 'KIND_NOT_TARGETED' : ext.get(m.key);
          m.why = why || null;
          if (why) { excluded.push([m.key, why]); } else { eligible.push(m); }
        });
        var recordedExcl = (rec.exclusions || []).map(function (e) { return [e.code, e.reason]; });
        var exDiff = listDiff(recordedExcl, excluded, 'exclusion');
        step('exclusions', '排除 Exclusions', excluded.length + ' excluded (' + ext.size + ' external, taken as recorded)', exDiff.length === 0, exDiff);
        var E = {};
        Object.keys(sizes).forEach(function (s) { E[s] = 0; });
        eligible.forEach(function (m) { E[m.stratum]++; });
        check('eligibleSizes', '各层可抽数 eligibleSizes', rec.eligibleSizes, E);
        // §7 quotas
        var bp = rec.ratioBasisPoints || {}, bpDiff = [];
        Object.keys(rec.ratios || {}).forEach(function (s) {
          var want = Math.round(rec.ratios[s] * 100);
          if (bp[s] !== want) { bpDiff.push('basis points of ' + s + ': recorded ' + bp[s] + ', recomputed ' + want); }
        });
        step('basisPoints', '比例（基点）Ratios in basis points', canonical(bp), bpDiff.length === 0, bpDiff);
        var q = {};
        if (rec.mode === 'RATIO') {
          Object.keys(E).forEach(function (s) { q[s] = Math.min(E[s], Math.floor((E[s] * (bp[s] || 0) + 9999) / 10000)); });
        } else {
          Object.keys(E).forEach(function (s) { q[s] = 0; });
          var left = BigInt(rec.count || 0), w = {};
          Object.keys(E).forEach(function (s) { var x = BigInt(E[s]) * BigInt(bp[s] || 0); if (x > 0n) { w[s] = x; } });
          while (left > 0n && Object.keys(w).length) {
            var W = 0n, add = {}, sum = 0n, active = Object.keys(w);
            active.forEach(function (s) { W += w[s]; });
            active.forEach(function (s) { add[s] = left * w[s] / W; sum += add[s]; });
            var byRemainder = active.slice().sort(function (a, b) {
              var ra = left * w[a] % W, rb = left * w[b] % W;
              return ra > rb ? -1 : ra < rb ? 1 : byteCompare(a, b);
            });
            for (var k = 0n, j = 0; k < left - sum; k++, j++) { add[byRemainder[j]] += 1n; }
            left = 0n;
            active.forEach(function (s) {
              q[s] += Number(add[s]);
              if (q[s] >= E[s]) { left += BigInt(q[s] - E[s]); q[s] = E[s]; delete w[s]; }
            });
          }
        }
        check('quotas', '各层配额 quotas', rec.quotas, q);
        var tRank = performance.now();
        return rankAll(ctx.seed, eligible, function (done, total) { if (onStep) { onStep({ progress: 'hash', done: done, total: total }); } })
          .then(function () {
            tHash = performance.now() - tRank;
            return { members: members, eligible: eligible, E: E, q: q, gone: gone };
          });
      })
      .then(function (ctx) {
        var eligible = ctx.eligible, q = ctx.q, E = ctx.E, sel = new Map(), byStratum = {};
        eligible.forEach(function (m) { (byStratum[m.stratum] = byStratum[m.stratum] || []).push(m); });
        // §8 selection
        Object.keys(E).forEach(function (s) {
          var list = (byStratum[s] || []).sort(byRank);
          for (var i = 0; i < q[s]; i++) { sel.set(list[i].key, { m: list[i], reason: 'STRATUM' }); }
        });
        step('ranks', '排序值 Ranks', eligible.length + ' eligible members ranked SHA-256(seed ":" key) in ' + (tHash / 1000).toFixed(2) + ' s', true);
        // §9 minimum per jurisdiction
        var top = rec.minPerJurisdiction || 0, added = 0;
        if (top > 0) {
          var regions = new Map();
          eligible.forEach(function (m) { if (m.region) { (regions.get(m.region) || regions.set(m.region, []).get(m.region)).push(m); } });
          var keys = Array.from(regions.keys()).sort(byteCompare);
          keys.forEach(function (r) {
            var inr = regions.get(r), have = 0;
            inr.forEach(function (m) { if (sel.has(m.key)) { have++; } });
            var want = Math.min(top, inr.length) - have;
            if (want > 0) {
              inr.filter(function (m) { return !sel.has(m.key); }).sort(byRank).slice(0, want)
                .forEach(function (m) { sel.set(m.key, { m: m, reason: 'JURISDICTION_MINIMUM' }); added++; });
            }
          });
        }
        step('minimum', '辖区最低数 Jurisdiction minimum', top > 0 ? 'minimum ' + top + ' per region: ' + added + ' added' : 'off', true);
        // The recorded fields of each drawn member against its snapshot line: names the line that changed.
        var byKey = new Map(), lineDiff = [];
        ctx.members.forEach(function (m) { byKey.set(m.key, m); });
        (rec.selected || []).forEach(function (x) {
          var m = byKey.get(x.key);
          if (!m) { lineDiff.push('selected ' + x.key + ' is not in the snapshot'); return; }
          ['stratum', 'region', 'kind'].forEach(function (f) {
            if ((x[f] || '') !== (m[f] || '')) {
              lineDiff.push('snapshot line ' + m.line + ' (key ' + x.key + '): ' + f + ' is ' + short(m[f]) + ' in the snapshot, ' + short(x[f]) + ' in the record');
            }
          });
        });
        step('lines', '抽中对象的快照行 Snapshot lines of the drawn members', (rec.selected || []).length + ' members compared field by field',
          lineDiff.length === 0, lineDiff);
        var keys = Array.from(sel.keys()).sort(byteCompare);
        var recomputed = keys.map(function (k) { return [k, sel.get(k).reason, sel.get(k).m.rank]; });
        var recorded = (rec.selected || []).map(function (x) { return [x.key, x.reason, x.rank]; });
        var selDiff = listDiff(recorded, recomputed, 'selected');
        step('selected', '抽中对象 Selected keys', keys.length + ' selected: ' + short(keys.join(' ')), selDiff.length === 0, selDiff);
        return sha256Text(keys.map(function (k) { return k + '\n'; }).join('')).then(function (selectedDigest) {
          check('selectedDigest', '抽中摘要 selectedDigest', rec.selectedDigest, selectedDigest);
          return { ctx: ctx, sel: sel };
        });
      })
      .then(function (x) {
        // §11 substitutes: the chain recomputed from the draw, never from what earlier records say
        var ctx = x.ctx, sel = x.sel, gone = ctx.gone;
        var basis = new Map();
        sel.forEach(function (v, k) {
          basis.set(k, v.reason === 'JURISDICTION_MINIMUM' ? ['JURISDICTION_MINIMUM', v.m.region] : ['STRATUM', v.m.stratum]);
        });
        var taken = new Set(sel.keys()), prior = [], replaced = new Set();
        ctx.members.forEach(function (m) { if (m.why) { taken.add(m.key); } });
        if (!chain.length) { step('substitutions', '替补 Substitutions', 'none', true); }
        chain.forEach(function (sub, idx) {
          var i = idx + 1, at = 'substitution ' + i, diffs = [];
          if (sub.seq !== i) { diffs.push(at + ' seq: recorded ' + sub.seq + ', recomputed ' + i); }
          var b = basis.get(sub.movedOutKey);
          if (!b || replaced.has(sub.movedOutKey)) {
            diffs.push(at + ': the member replaced (' + sub.movedOutKey + ') was neither drawn nor an earlier substitute');
            step('substitution-' + i, '替补 Substitution ' + i, sub.movedOutKey + ' → ?', false, diffs);
            return;
          }
          replaced.add(sub.movedOutKey);
          if (canonical([sub.basis, sub.basisValue]) !== canonical(b)) { diffs.push(at + ' basis: recorded ' + short([sub.basis, sub.basisValue]) + ', recomputed ' + short(b)); }
          var rp = (sub.priorSubstitutes || []).slice().sort(byteCompare), cp = prior.slice().sort(byteCompare);
          if (canonical(rp) !== canonical(cp)) { diffs.push(at + ' priorSubstitutes: recorded ' + short(rp) + ', recomputed ' + short(cp)); }
          var skipped = sub.skipped || [];
          skipped.forEach(function (k) { if (!gone.has(k.status)) { diffs.push(at + ': skipped ' + k.key + ' is ' + k.status + ', not an excluded status'); } });
          var field = b[0] === 'JURISDICTION_MINIMUM' ? 'region' : 'stratum';
          var cand = ctx.members.filter(function (m) { return m[field] === b[1] && !taken.has(m.key); }).sort(byRank).slice(0, skipped.length + 1);
          var got = skipped.map(function (k) { return k.key; }).concat(sub.substitute ? [sub.substitute.key] : []);
          var want = cand.map(function (m) { return m.key; });
          if (canonical(got) !== canonical(want)) { diffs.push(at + ' skipped and substitute: recorded ' + short(got) + ', recomputed ' + short(want)); }
          if (sub.substitute && cand.length === skipped.length + 1 && sub.substitute.rank !== cand[cand.length - 1].rank) {
            diffs.push(at + ' substitute rank: recorded ' + sub.substitute.rank + ', recomputed ' + cand[cand.length - 1].rank);
          }
          skipped.forEach(function (k) { taken.add(k.key); });
          if (cand.length === skipped.length + 1) {
            var fresh = cand[cand.length - 1].key;
            taken.add(fresh);
            prior.push(fresh);
            basis.set(fresh, b);
          }
          step('substitution-' + i, '替补 Substitution ' + i,
            sub.movedOutKey + ' → ' + (sub.substitute ? sub.substitute.key : '(none left)') + ' (' + b[0] + ' ' + b[1] + (skipped.length ? ', skipped ' + skipped.map(function (k) { return k.key; }).join(' ') : '') + ')',
            diffs.length === 0, diffs);
        });
        var millis = performance.now() - started;
        return { match: differences.length === 0, differences: differences, steps: steps, millis: millis,
          downloadMillis: tDownload - started, hashMillis: tHash, drawId: rec.id, size: ctx.members.length };
      });
  }

  window.SpotcheckVerify = { verify: verify, byteCompare: byteCompare, sha256Text: sha256Text };
})();
