// numbers.js - every number on a report page equals the JSON (and text)
// reports of the same store and options.
//
//   node numbers.js PAGE.html DIR MODE
//
// DIR holds KIND.jsonl (remedi report KIND --format json) and KIND.txt
// (the text report) for denials, underpayments, aging, unmatched and
// summary, made with the page's options.  MODE is dashboard or the report
// the page is (denials ...).  Checked:
//   - every element with data-v shows its value, formatted ($1,234.56, 1,234, 12.34%);
//   - every group table (KIND.section) has the groups the JSON rows add up
//     to (the summary's: its JSON sections), and its total row their sum;
//   - every row table (KIND.rows) shows JSON row data-row, field by field;
//     a dashboard table holds the largest rows of its kind (appealable
//     denials, shortfall, days, charges);
//   - every figure (data-fig="KIND:label") equals the text report's line;
//   - every chart bar equals the row of its table; every dollar amount in
//     the page is one of the exact values above.
'use strict';
const fs = require('fs');
const path = require('path');

const [pagePath, dir, mode] = process.argv.slice(2);
const html = fs.readFileSync(pagePath, 'utf8');
const problems = [];
let checked = 0;

function fail(msg) {
	problems.push(msg);
}
function eq(what, got, want) {
	checked++;
	if (got !== want)
		fail(what + ': page ' + JSON.stringify(got) + ', reports ' + JSON.stringify(want));
}

function unescape(s) {
	return s.replace(/<[^>]*>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
		.replace(/&#39;/g, "'").replace(/&#xFFFD;/g, '\ufffd').replace(/&middot;/g, '\u00b7')
		.replace(/&times;/g, '\u00d7').replace(/&amp;/g, '&').trim();
}
function group3(digits) {
	return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
function money(c) {
	const a = Math.abs(c);
	return (c < 0 ? '-' : '') + '$' + group3(String(Math.floor(a / 100))) + '.' + String(a % 100).padStart(2, '0');
}
function count(v) {
	return (v < 0 ? '-' : '') + group3(String(Math.abs(v)));
}
function rate(bp) {
	return Math.floor(bp / 100) + '.' + String(bp % 100).padStart(2, '0') + '%';
}
function milli(v) {
	return count(Math.trunc(v / 1000)) + (v % 1000 ? '.' + String(Math.abs(v) % 1000).padStart(3, '0') : '');
}
function rateBp(part, whole) {
	return whole <= 0 || part <= 0 ? 0 : Math.floor((part * 10000 + Math.floor(whole / 2)) / whole);
}

// ---- the reports
const kinds = ['denials', 'underpayments', 'aging', 'unmatched', 'summary'];
const json = {}, text = {};
for (const k of kinds) {
	json[k] = fs.readFileSync(path.join(dir, k + '.jsonl'), 'utf8').split('\n').filter((l) => l).map((l) => JSON.parse(l));
	text[k] = fs.readFileSync(path.join(dir, k + '.txt'), 'utf8');
}
function slug(s) {
	return s.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
}
// the text report's figures: "  label    value" lines before the first section
function textFigures(k) {
	const figs = {};
	for (const line of text[k].split('\n').slice(2)) {
		if (!line.trim())
			break;
		const m = /^  (.*?) {2,}(-?\$?[\d,]+(?:\.\d\d)?)$/.exec(line);
		if (m)
			figs[m[1]] = m[2].includes('$') ? Math.round(Number(m[2].replace(/[$,]/g, '')) * 100) :
				Number(m[2].replace(/,/g, ''));
	}
	return figs;
}

// groups the page must show, by data-table name: key -> [count, cents]
function groupBy(rows, keyOf, centsOf, keep) {
	const g = new Map();
	for (const r of rows) {
		if (keep && !keep(r))
			continue;
		const k = keyOf(r), v = g.get(k) || [0, 0];
		v[0]++;
		v[1] += centsOf(r);
		g.set(k, v);
	}
	return g;
}
const isDrug = (c) => c[0] === 'J' || c[0] === 'Q';
const isAdmin = (c) => /^96.{3}$/.test(c);
const D = json.denials, U = json.underpayments, A = json.aging, M = json.unmatched, S = json.summary[0];
const expectedGroups = {
	'denials.by_payer': () => groupBy(D, (r) => r.payer, (r) => r.amount_cents),
	'denials.by_carc': () => groupBy(D, (r) => r.group + '-' + r.carc + ' ' + r.label + ' (' + r.category + ', ' +
		r.action + ')', (r) => r.amount_cents),
	'denials.by_procedure': () => groupBy(D, (r) => r.procedure, (r) => r.amount_cents),
	'denials.by_procedure.drugs': () => groupBy(D, (r) => r.procedure, (r) => r.amount_cents, (r) => isDrug(r.procedure)),
	'denials.by_procedure.admin': () => groupBy(D, (r) => r.procedure, (r) => r.amount_cents, (r) => isAdmin(r.procedure)),
	'denials.by_procedure.other': () => groupBy(D, (r) => r.procedure, (r) => r.amount_cents,
		(r) => !isDrug(r.procedure) && !isAdmin(r.procedure)),
	'underpayments.by_payer': () => groupBy(U, (r) => r.payer, (r) => r.shortfall_cents),
	'underpayments.by_procedure': () => groupBy(U, (r) => r.procedure, (r) => r.shortfall_cents),
	'aging.by_age_days_since_sent': () => {
		const g = groupBy(A, (r) => r.bucket, (r) => r.charge_cents);
		for (const b of ['0-30', '31-60', '61-90', '90+'])
			if (!g.has(b))
				g.set(b, [0, 0]);
		return g;
	},
	'aging.by_payer': () => groupBy(A, (r) => r.payer, (r) => r.charge_cents),
	'unmatched.by_payer': () => groupBy(M, (r) => r.payer, (r) => r.paid_cents),
};
for (const [k, v] of Object.entries(S))
	if (Array.isArray(v))
		expectedGroups['summary.' + k] = () => new Map(v.map((g) => [g.key, [g.count, g.cents]]));

// ---- the page
function attrs(s) {
	const a = {};
	for (const m of s.matchAll(/([\w-]+)="([^"]*)"/g))
		a[m[1]] = m[2];
	return a;
}
function cells(rowHtml) {
	return Array.from(rowHtml.matchAll(/<(td|th)([^>]*)>([\s\S]*?)<\/\1>/g)).map((m) => {
		const a = attrs(m[2]);
		return { v: a['data-v'] !== undefined ? Number(a['data-v']) : undefined, text: unescape(m[3]) };
	});
}
function parseTable(body) {
	const fields = Array.from(body.matchAll(/<th scope="col"[^>]*data-field="([^"]+)"/g)).map((m) => m[1]);
	const part = (tag) => {
		const m = new RegExp('<' + tag + '>([\\s\\S]*?)</' + tag + '>').exec(body);
		return m ? Array.from(m[1].matchAll(/<tr([^>]*)>([\s\S]*?)<\/tr>/g))
			.map((r) => ({ row: attrs(r[1])['data-row'], cells: cells(r[2]) })) : [];
	};
	return { fields, rows: part('tbody'), foot: part('tfoot') };
}
const tables = new Map();
for (const m of html.matchAll(/<table class="data[^"]*" data-table="([^"]+)">([\s\S]*?)<\/table>/g)) {
	if (tables.has(m[1]))
		fail('two tables named ' + m[1]);
	tables.set(m[1], parseTable(m[2]));
}

// 1. every exact value shows as itself
const exact = new Set();
for (const m of html.matchAll(/<(td|span|th|b)([^>]*\bdata-v="(-?\d+)"[^>]*)>([\s\S]*?)<\/\1>/g)) {
	const v = Number(m[3]), t = unescape(m[4]);
	const want = t.includes('$') ? money(v) : t.endsWith('%') ? rate(v) : /class="[^"]*milli/.test(m[2]) ? milli(v) :
		count(v);
	eq('value ' + v + ' shown', t, want);
	if (t.includes('$'))
		exact.add(t);
}

// 2. group tables against the rows / the summary
for (const [name, t] of tables) {
	if (name.endsWith('.rows') || name === 'summary.weeks')
		continue;
	const want = expectedGroups[name];
	if (!want) {
		fail('no report groups for table ' + name);
		continue;
	}
	const g = want();
	eq(name + ': groups', t.rows.length, g.size);
	let n = 0, c = 0;
	for (const r of t.rows) {
		const w = g.get(r.cells[0].text);
		if (!w) {
			fail(name + ': group ' + r.cells[0].text + ' is in no report');
			continue;
		}
		eq(name + ' ' + r.cells[0].text + ' count', r.cells[1].v, w[0]);
		eq(name + ' ' + r.cells[0].text + ' cents', r.cells[2].v, w[1]);
		n += w[0];
		c += w[1];
	}
	eq(name + ' total count', t.foot[0].cells[1].v, n);
	eq(name + ' total cents', t.foot[0].cells[2].v, c);
}

// 3. weeks against the summary
if (tables.has('summary.weeks')) {
	const ans = S.lines_answered_by_remittance_week_charges, den = S.lines_denied_by_remittance_week_denied_amount;
	const t = tables.get('summary.weeks');
	eq('weeks', t.rows.length, ans.length);
	let all = [0, 0, 0, 0];
	ans.forEach((a, i) => {
		const d = den.find((x) => x.key === a.key) || { count: 0, cents: 0 };
		const r = t.rows[i].cells;
		eq('week ' + a.key, r[0].text, a.key);
		eq('week ' + a.key + ' lines answered', r[1].v, a.count);
		eq('week ' + a.key + ' charges answered', r[2].v, a.cents);
		eq('week ' + a.key + ' lines denied', r[3].v, d.count);
		eq('week ' + a.key + ' denied', r[4].v, d.cents);
		eq('week ' + a.key + ' rate', r[5].v, rateBp(d.cents, a.cents));
		all = [all[0] + a.count, all[1] + a.cents, all[2] + d.count, all[3] + d.cents];
	});
	const f = t.foot[0].cells;
	eq('weeks total', [f[1].v, f[2].v, f[3].v, f[4].v, f[5].v].join(), [...all, rateBp(all[3], all[1])].join());
	const m = /data-calc="rate:all" data-v="(\d+)"/.exec(html);
	eq('overall denial rate', m && Number(m[1]), rateBp(all[3], all[1]));
	// the weeks' denied amount is the denials report's
	eq('weeks denied = denials', all[3], D.reduce((s, r) => s + r.amount_cents, 0));
} else if (mode === 'dashboard' || mode === 'summary') {
	if (S.lines_answered_by_remittance_week_charges.length)
		fail('no weeks table');
}

// 4. row tables, cell by cell
const ranks = {
	denials: (r) => r.amount_cents, underpayments: (r) => r.shortfall_cents, aging: (r) => r.days,
	unmatched: (r) => r.charge_cents,
};
for (const [name, t] of tables) {
	if (!name.endsWith('.rows'))
		continue;
	const kind = name.slice(0, -5), rows = json[kind];
	for (const r of t.rows) {
		const j = rows[Number(r.row)];
		if (!j) {
			fail(name + ': row ' + r.row + ' is not in the JSON report');
			continue;
		}
		t.fields.forEach((f, i) => {
			const c = r.cells[i], what = name + ' row ' + r.row + ' ' + f;
			if (f === 'group-carc')
				eq(what, c.text, j.group + '-' + j.carc);
			else if (typeof j[f] === 'number')
				eq(what, c.v, j[f]);
			else if (typeof j[f] === 'boolean')
				eq(what, c.text, j[f] ? 'yes' : 'no');
			else
				eq(what, c.text, j[f] === null || j[f] === '' ? '\u2014' : j[f]);
		});
	}
	if (mode === 'dashboard') {
		const pool = kind === 'denials' ? rows.map((r, i) => [r, i]).filter(([r]) => r.appealable) : rows.map((r, i) => [r, i]);
		const top = pool.sort((a, b) => ranks[kind](b[0]) - ranks[kind](a[0]) || a[1] - b[1]).slice(0, 25).map(([, i]) => String(i));
		eq(name + ': the largest rows', t.rows.map((r) => r.row).join(), top.join());
	} else {
		eq(name + ': rows', t.rows.map((r) => r.row).join(), rows.slice(0, 1000).map((r, i) => String(i)).join());
	}
}

// 5. figures against the text reports (and the ones the rows add up to)
const figs = {};
for (const k of kinds)
	figs[k] = textFigures(k);
for (const m of html.matchAll(/data-fig="(\w+):([^"]+)" data-v="(-?\d+)"/g)) {
	const k = m[1], label = unescape(m[2]);
	if (!(label in figs[k]))
		fail('figure ' + k + ':' + label + ' is not in the text report');
	else
		eq('figure ' + k + ':' + label, Number(m[3]), figs[k][label]);
}
const derived = {
	'denials:denied amount': D.reduce((s, r) => s + r.amount_cents, 0),
	'denials:expected payment at risk': D.reduce((s, r) => s + r.at_risk_cents, 0),
	'denials:appealable amount': D.reduce((s, r) => s + (r.appealable ? r.amount_cents : 0), 0),
	'denials:denied lines (line x CARC)': D.length,
	'denials:claims with a denial': new Set(D.map((r) => r.claim)).size,
	'underpayments:shortfall': U.reduce((s, r) => s + r.shortfall_cents, 0),
	'underpayments:underpaid lines': U.length,
	'aging:claims without a final answer': A.length,
	'aging:their charges': A.reduce((s, r) => s + r.charge_cents, 0),
	'unmatched:unmatched claim payments': M.length,
	'unmatched:paid': M.reduce((s, r) => s + r.paid_cents, 0),
};
for (const [key, v] of Object.entries(derived)) {
	const m = new RegExp('data-fig="' + key.replace(/[()]/g, '\\$&') + '" data-v="(-?\\d+)"').exec(html);
	if (m)
		eq('figure ' + key + ' from the rows', Number(m[1]), v);
}
for (const [key, v] of Object.entries(S)) {
	if (typeof v !== 'number')
		continue;
	const label = Object.keys(figs.summary).find((l) => slug(l) === key || slug(l) + '_cents' === key);
	if (label === undefined)
		fail('summary ' + key + ' is not in the text summary');
	else
		eq('summary ' + key + ' text = json', figs.summary[label], v);
}

// 6. charts: every bar is its table's row; the value printed beside it too
for (const m of html.matchAll(/<svg id="([^"]+)"[\s\S]*?<\/svg>/g)) {
	const t = tables.get(m[1]);
	if (!t) {
		fail('chart ' + m[1] + ' has no table');
		continue;
	}
	for (const b of m[0].matchAll(/<g class="bar" data-key="([^"]*)" data-v="(-?\d+)">([\s\S]*?)<\/g>/g)) {
		const key = unescape(b[1]), v = Number(b[2]);
		const row = t.rows.find((r) => r.cells[0].text === key);
		if (!row) {
			fail('chart ' + m[1] + ': bar ' + key + ' not in its table');
			continue;
		}
		const col = m[1] === 'summary.weeks' ? 5 : 2;
		eq('chart ' + m[1] + ' ' + key, v, row.cells[col].v);
		const title = unescape(/<title>([\s\S]*?)<\/title>/.exec(b[3])[1]);
		checked++;
		if (!title.includes(col === 5 ? rate(v) : money(v)))
			fail('chart ' + m[1] + ' ' + key + ': hover text ' + title + ' lacks the value');
		if (col === 2) {
			const texts = Array.from(b[3].matchAll(/<text[^>]*>([\s\S]*?)<\/text>/g)).map((x) => unescape(x[1]));
			eq('chart ' + m[1] + ' ' + key + ' label', texts[texts.length - 1], money(v));
		}
	}
}

// 7. no dollar amount on the page that is not one of the exact values (axis ticks aside)
const tol = /data-opt="tolerance" data-v="(\d+)"/.exec(html);
eq('tolerance shown', tol && Number(tol[1]), figs.underpayments['tolerance per line']);
for (const m of unescape(html.replace(/<style>[\s\S]*?<\/style>|<script>[\s\S]*?<\/script>|<text class="tick"[^>]*>[^<]*<\/text>/g, ''))
	.matchAll(/-?\$[\d,]+\.\d\d/g)) {
	checked++;
	if (!exact.has(m[0]))
		fail('amount ' + m[0] + ' is no exact value of the page');
}

for (const p of problems.slice(0, 40))
	console.log('FAIL: ' + p);
if (problems.length > 40)
	console.log('... ' + (problems.length - 40) + ' more');
console.log((problems.length ? 'FAILED' : 'ok') + ': ' + path.basename(pagePath) + ': ' + checked + ' numbers checked, ' +
	tables.size + ' tables, ' + problems.length + ' problems');
process.exit(problems.length ? 1 : 0);
