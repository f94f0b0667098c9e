// browser.js - loads an HTML page in headless Chromium with the network
// off and checks what a person would see, over the DevTools protocol on a
// pipe (--remote-debugging-pipe: NUL-terminated JSON on fds 3 and 4; node
// built-ins only, nothing to download).
//
//   node browser.js CHROMIUM OUTDIR PAGE.html:MIN_CHARTS[:nosort] ...
//
// Each page in turn, in one browser.  Fails (exit 1) on: any console
// message or exception, any request other than the page itself (the page is
// offline: the network is emulated off and every host resolves nowhere), a
// Content-Security-Policy violation, an SVG chart of zero size, fewer than
// MIN_CHARTS charts, a table with a sort button that does not sort both
// ways (and, unless :nosort, no such table at all), a printed page
// wider than A4.  For the first page, writes OUTDIR/NAME.png, the full-page screenshot
// and, beside it, the page as printed (NAME-print.png, 703 CSS px: A4
// less its margins; the page may not be wider) and printed to PDF (NAME.pdf, A4).
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const [chromium, outDir, ...pageArgs] = process.argv.slice(2);
const firstPage = pageArgs.length ? pageArgs[0].replace(/:\d+(:nosort)?$/, '') : '';
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'remedi-chromium-'));
const problems = [];
const requests = [];
let done = false;

const proc = spawn(chromium, [
	'--headless', '--no-sandbox', '--disable-gpu', '--remote-debugging-pipe',
	'--user-data-dir=' + profile, '--no-first-run', '--no-default-browser-check',
	'--disable-extensions', '--disable-background-networking', '--disable-sync',
	'--disable-component-update', '--disable-default-apps', '--mute-audio',
	'--proxy-server=127.0.0.1:9', '--host-resolver-rules=MAP * ~NOTFOUND',
	'--hide-scrollbars', 'about:blank',
], { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
let stderr = '';
proc.stderr.on('data', (d) => { stderr += d; });

const timer = setTimeout(() => finish('timed out after 60 s'), 60000);
const toBrowser = proc.stdio[3];
const fromBrowser = proc.stdio[4];
let nextId = 1;
const waiting = new Map();
const listeners = [];
let buf = Buffer.alloc(0);

fromBrowser.on('data', (d) => {
	buf = Buffer.concat([buf, d]);
	let z;
	while ((z = buf.indexOf(0)) >= 0) {
		const msg = JSON.parse(buf.subarray(0, z).toString('utf8'));
		buf = buf.subarray(z + 1);
		if (msg.id && waiting.has(msg.id)) {
			const w = waiting.get(msg.id);
			waiting.delete(msg.id);
			if (msg.error)
				w.reject(new Error(w.method + ': ' + msg.error.message));
			else
				w.resolve(msg.result);
		} else if (msg.method) {
			for (const l of listeners.slice())
				l(msg);
		}
	}
});
proc.on('exit', (code) => { if (!done) finish('chromium exited (' + code + ') early:\n' + stderr); });

function send(method, params, sessionId) {
	const id = nextId++;
	const msg = { id, method, params: params || {} };
	if (sessionId)
		msg.sessionId = sessionId;
	toBrowser.write(JSON.stringify(msg) + '\0');
	return new Promise((resolve, reject) => waiting.set(id, { resolve, reject, method }));
}

function once(method, sessionId) {
	return new Promise((resolve) => {
		const l = (m) => {
			if (m.method === method && m.sessionId === sessionId) {
				listeners.splice(listeners.indexOf(l), 1);
				resolve(m.params);
			}
		};
		listeners.push(l);
	});
}

// Reports, then closes the browser (Browser.close, SIGKILL after 5 s) and
// removes its profile once it is gone: a profile removed under a live
// browser races with its writes.
function finish(error) {
	if (done)
		return;
	done = true;
	clearTimeout(timer);
	if (error)
		problems.push(error);
	for (const p of problems)
		console.log('FAIL: ' + p);
	if (!problems.length)
		console.log('ok: ' + pageArgs.length + ' pages loaded offline, no console messages, no requests');
	const code = problems.length ? 1 : 0;
	let left = false;
	const leave = () => {
		if (left)
			return;
		left = true;
		try {
			fs.rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
		} catch (e) {
			console.log('note: could not remove ' + profile + ': ' + e.message);
		}
		process.exit(code);
	};
	if (proc.exitCode !== null || proc.signalCode !== null)
		return leave();
	proc.once('exit', leave);
	setTimeout(() => { try { proc.kill('SIGKILL'); } catch (e) { leave(); } }, 5000).unref();
	try {
		toBrowser.write(JSON.stringify({ id: nextId++, method: 'Browser.close', params: {} }) + '\0');
	} catch (e) {
		proc.kill('SIGKILL');
	}
}

async function main() {
	for (const arg of pageArgs) {
		const m = /^(.*):(\d+)(:nosort)?$/.exec(arg);
		const before = problems.length;
		await onePage(m[1], Number(m[2]), !m[3]);
		for (const p of problems.slice(before).keys())
			problems[before + p] = path.basename(m[1]) + ': ' + problems[before + p];
	}
	finish(null);
}

async function onePage(page, minCharts, mustSort) {
	const url = 'file://' + path.resolve(page);
	const shot = path.join(outDir, path.basename(page).replace(/\.html$/, '') + '.png');
	requests.length = 0;
	const { targetId } = await send('Target.createTarget', { url: 'about:blank' });
	const { sessionId: s } = await send('Target.attachToTarget', { targetId, flatten: true });
	listeners.push((m) => {
		if (m.sessionId !== s)
			return;
		const p = m.params;
		if (m.method === 'Runtime.consoleAPICalled')
			problems.push('console.' + p.type + ': ' + p.args.map((a) => a.value || a.description).join(' '));
		else if (m.method === 'Runtime.exceptionThrown')
			problems.push('exception: ' + (p.exceptionDetails.exception || {}).description);
		else if (m.method === 'Log.entryAdded')
			problems.push('console (' + p.entry.source + ', ' + p.entry.level + '): ' + p.entry.text);
		else if (m.method === 'Network.requestWillBeSent')
			requests.push(p.request.url);
		else if (m.method === 'Audits.issueAdded')
			problems.push('issue: ' + p.issue.code + ' ' + JSON.stringify(p.issue.details).slice(0, 300));
	});
	await send('Runtime.enable', {}, s);
	await send('Log.enable', {}, s);
	await send('Audits.enable', {}, s);
	await send('Page.enable', {}, s);
	await send('Network.enable', {}, s);
	await send('Network.emulateNetworkConditions',
		{ offline: true, latency: 0, downloadThroughput: 0, uploadThroughput: 0 }, s);
	await send('Emulation.setDeviceMetricsOverride',
		{ width: 1100, height: 900, deviceScaleFactor: 1, mobile: false }, s);
	const loaded = once('Page.loadEventFired', s);
	const nav = await send('Page.navigate', { url }, s);
	if (nav.errorText)
		throw new Error('navigation: ' + nav.errorText);
	await loaded;

	// printed (before any click): A4 less 12 mm margins is 186 mm, about 703 CSS px (Letter is wider);
	// nothing may stick out
	await send('Emulation.setEmulatedMedia', { media: 'print' }, s);
	await send('Emulation.setDeviceMetricsOverride', { width: 703, height: 1000, deviceScaleFactor: 1, mobile: false }, s);
	const printed = await send('Runtime.evaluate', { returnByValue: true,
		expression: `(() => {
			let wide = '';
			for (const e of document.querySelectorAll('body *'))
				if (e.getBoundingClientRect().right > 703.5 && !wide)
					wide = e.tagName + (e.className && e.className.baseVal === undefined ? '.' + e.className : '') +
						(e.dataset.table ? '[' + e.dataset.table + ']' : '') + ' ' + Math.round(e.getBoundingClientRect().right);
			return { w: document.documentElement.scrollWidth, h: document.documentElement.scrollHeight, wide };
		})()` }, s);
	const pw = printed.result.value;
	if (pw.w > 703)
		problems.push('printed on A4 the page is ' + pw.w + ' px wide, more than the 703 px of the paper (' + pw.wide + ')');
	await send('Emulation.setEmulatedMedia', { media: '' }, s);
	await send('Emulation.setDeviceMetricsOverride',
		{ width: 1100, height: 900, deviceScaleFactor: 1, mobile: false }, s);

	const check = await send('Runtime.evaluate', { returnByValue: true, expression: `(() => {
		const charts = Array.from(document.querySelectorAll('svg')).map((e) => {
			const r = e.getBoundingClientRect();
			return { id: e.id, w: r.width, h: r.height, bars: e.querySelectorAll('rect').length };
		});
		const sorts = [];
		for (const t of document.querySelectorAll('table.data')) {
			const body = t.tBodies[0];
			if (!body || body.rows.length < 2)
				continue;
			const col = Array.from(t.tHead.rows[0].cells).findIndex((c) => c.classList.contains('num'));
			if (col < 0)
				continue;
			const b = t.tHead.rows[0].cells[col].querySelector('button');
			if (!b) { sorts.push({ table: t.dataset.table, button: false }); continue; }
			b.click();
			const up = Array.from(body.rows).map((r) => Number(r.cells[col].dataset.v));
			b.click();
			const down = Array.from(body.rows).map((r) => Number(r.cells[col].dataset.v));
			const asc = up.every((v, i) => i === 0 || up[i - 1] <= v);
			const desc = down.every((v, i) => i === 0 || down[i - 1] >= v);
			sorts.push({ table: t.dataset.table, button: true, asc, desc });
		}
		return { charts, sorts, title: document.title,
			height: document.documentElement.scrollHeight, width: document.documentElement.scrollWidth };
	})()` }, s);
	const r = check.result.value;
	if (r.charts.length < Number(minCharts))
		problems.push(r.charts.length + ' SVG charts, want at least ' + minCharts);
	for (const c of r.charts)
		if (!(c.w > 0 && c.h > 0 && c.bars > 0))
			problems.push('chart ' + c.id + ' is ' + c.w + 'x' + c.h + ' with ' + c.bars + ' bars');
	if (!r.sorts.length && mustSort)
		problems.push('no sortable table with two rows or more');
	for (const t of r.sorts)
		if (!t.button || !t.asc || !t.desc)
			problems.push('table ' + t.table + ' does not sort: ' + JSON.stringify(t));
	const others = requests.filter((u) => u !== url);
	for (const u of others)
		problems.push('request: ' + u.slice(0, 200));

	// the first page: back to the order it came in, then the picture of the whole page
	const pictures = page === firstPage;
	if (pictures) {
		await send('Page.reload', {}, s);
		await once('Page.loadEventFired', s);
		await send('Emulation.setDeviceMetricsOverride',
			{ width: 1100, height: Math.min(r.height, 16000), deviceScaleFactor: 1, mobile: false }, s);
		const png = await send('Page.captureScreenshot', { format: 'png', captureBeyondViewport: true }, s);
		fs.writeFileSync(shot, Buffer.from(png.data, 'base64'));
	}
	// REMEDI_SHOT_TILES=1: the page also in screen-high pieces (shot-1.png ...), easier to look at
	if (pictures && process.env.REMEDI_SHOT_TILES)
		for (let y = 0, k = 1; y < r.height; y += 1400, k++) {
			const tile = await send('Page.captureScreenshot', { format: 'png', captureBeyondViewport: true,
				clip: { x: 0, y, width: r.width, height: Math.min(1400, r.height - y), scale: 1 } }, s);
			fs.writeFileSync(shot.replace(/\.png$/, '') + '-' + k + '.png', Buffer.from(tile.data, 'base64'));
		}
	if (pictures) {
		await send('Emulation.setEmulatedMedia', { media: 'print' }, s);
		await send('Emulation.setDeviceMetricsOverride',
			{ width: 703, height: Math.min(pw.h, 16000), deviceScaleFactor: 1, mobile: false }, s);
		const ppng = await send('Page.captureScreenshot', { format: 'png', captureBeyondViewport: true }, s);
		fs.writeFileSync(shot.replace(/\.png$/, '') + '-print.png', Buffer.from(ppng.data, 'base64'));
		await send('Emulation.setEmulatedMedia', { media: '' }, s);
		const pdf = await send('Page.printToPDF', { paperWidth: 8.27, paperHeight: 11.69, printBackground: false }, s);
		fs.writeFileSync(shot.replace(/\.png$/, '') + '.pdf', Buffer.from(pdf.data, 'base64'));
	}
	console.log(path.basename(page) + ': ' + r.charts.length + ' charts (' + r.charts.map((c) => c.id + ' ' +
		Math.round(c.w) + 'x' + Math.round(c.h)).join(', ') + '); ' + r.sorts.length +
		' tables sorted both ways; page ' + r.width + 'x' + r.height + ', printed ' + pw.w + ' wide' +
		(pictures ? '; ' + shot : ''));
	await send('Target.closeTarget', { targetId });
}

main().catch((e) => finish(String(e && e.stack || e)));
