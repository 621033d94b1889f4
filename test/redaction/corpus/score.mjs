// Scores a detector on a labelled corpus with the public scorer's matching rule: a predicted span of
// type T is a true positive for a gold span of type T when they overlap by at least half the gold
// span; each gold and each prediction is used once (greedy by largest overlap). A hard negative is
// hit when any prediction overlaps it. Figures per type, per format (a false positive is charged to
// the format of the gold or hard negative it overlaps, else to `(spurious)`), per negative kind.

const overlap = (a, b) => Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));

function tally(map, key) {
  map[key] ??= { gold: 0, tp: 0, fp: 0 };
  return map[key];
}

/** Scores `detect(text) → [{ start, end, type }]` on `records`. */
export function scoreCorpus(records, detect) {
  const byType = {};
  const byFormat = {};
  const negatives = {};
  for (const record of records) {
    const predicted = detect(record.text);
    const pairs = [];
    record.entities.forEach((g, gi) => {
      predicted.forEach((p, pi) => {
        const o = overlap(p, g);
        if (p.type === g.type && o >= 0.5 * (g.end - g.start)) pairs.push([o, gi, pi]);
      });
    });
    pairs.sort((a, b) => b[0] - a[0]);
    const goldUsed = new Set();
    const predUsed = new Set();
    for (const [, gi, pi] of pairs) {
      if (goldUsed.has(gi) || predUsed.has(pi)) continue;
      goldUsed.add(gi);
      predUsed.add(pi);
    }
    record.entities.forEach((g, gi) => {
      const type = tally(byType, g.type);
      const format = tally(byFormat, `${g.type}/${g.format}`);
      type.gold++;
      format.gold++;
      if (goldUsed.has(gi)) {
        type.tp++;
        format.tp++;
      }
    });
    predicted.forEach((p, pi) => {
      if (predUsed.has(pi)) return;
      tally(byType, p.type).fp++;
      const near = [...record.entities, ...record.negatives].find((s) => overlap(s, p) > 0);
      tally(byFormat, near ? `${near.type === 'NONE' ? near.kind : near.type}/${near.format}` : `${p.type}/(spurious)`).fp++;
    });
    for (const n of record.negatives) {
      const key = `${n.kind}/${n.format}`;
      negatives[key] ??= { total: 0, hit: 0 };
      const kind = negatives[key];
      kind.total++;
      if (predicted.some((p) => overlap(p, n) > 0)) kind.hit++;
    }
  }
  const sum = (field) => Object.values(byType).reduce((s, t) => s + t[field], 0);
  const overall = { gold: sum('gold'), tp: sum('tp'), fp: sum('fp') };
  return { overall, byType, byFormat, negatives };
}

export const precision = (t) => (t.tp + t.fp === 0 ? 1 : t.tp / (t.tp + t.fp));
export const recall = (t) => (t.gold === 0 ? 1 : t.tp / t.gold);

/** Formats summed over countries (`PHONE/FR_mobile_national_compact` → `PHONE/*_mobile_national_compact`). */
export function rollUp(byFormat) {
  const out = {};
  for (const [format, t] of Object.entries(byFormat)) {
    const key = format.replace(/\/[A-Z]{2}_/, '/*_');
    if (key === format) continue;
    out[key] ??= { gold: 0, tp: 0, fp: 0 };
    for (const field of ['gold', 'tp', 'fp']) out[key][field] += t[field];
  }
  return out;
}

/** The report as text: overall, per type, per format summed over countries, per format, per hard-negative kind. */
export function formatScore(score) {
  const row = (label, t) => `${label.padEnd(40)}${String(t.gold).padStart(6)}${String(t.tp).padStart(6)}${String(t.fp).padStart(5)}${precision(t).toFixed(3).padStart(8)}${t.gold ? recall(t).toFixed(3).padStart(8) : '       -'}`;
  const head = `${''.padEnd(40)}${'gold'.padStart(6)}${'TP'.padStart(6)}${'FP'.padStart(5)}${'P'.padStart(8)}${'R'.padStart(8)}`;
  const lines = [head, row('OVERALL', score.overall)];
  for (const [type, t] of Object.entries(score.byType).sort()) lines.push(row(type, t));
  lines.push('', head);
  for (const [form, t] of Object.entries(rollUp(score.byFormat)).sort()) lines.push(row(form, t));
  lines.push('', head);
  for (const [format, t] of Object.entries(score.byFormat).sort()) lines.push(row(format, t));
  lines.push('', `${'hard negative'.padEnd(40)}${'total'.padStart(6)}${'hit'.padStart(6)}`);
  for (const [kind, n] of Object.entries(score.negatives).sort()) lines.push(`${kind.padEnd(40)}${String(n.total).padStart(6)}${String(n.hit).padStart(6)}`);
  return lines.join('\n');
}
