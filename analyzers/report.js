/* report.js — the ntscope report's timeline: lanes drawn on a canvas, only the
 * visible window, one rectangle per pixel column at most when zoomed out. */
(function () {
	'use strict';
	var D = JSON.parse(document.getElementById('ntscope-data').textContent);
	var S = D.strings;
	var P = columns('procs'), TH = columns('threads'), RUN = columns('run'), OFF = columns('off');
	var SYS = columns('syscalls'), TRAP = columns('traps'), APC = columns('apcs'), MSG = columns('msgs');
	var LANE_H = 22, HEAD_H = 18, AXIS_H = 24, LABEL_W = 200, SYS_H = 10;
	var STATE_COL = ['#43a047', '#fb8c00', '#b0bec5', '#fdd835'];
	var STATE_NAME = ['user', 'kernel', 'waiting', 'ready'];
	var ARROW_COL = { apc: '#8e24aa', lpc: '#1e88e5' };
	var MAX_ARROWS = 4000;

	var scroller = document.getElementById('scroller');
	var canvas = document.getElementById('canvas');
	var spacer = document.getElementById('spacer');
	var tip = document.getElementById('tip');
	var ctx = canvas.getContext('2d');
	var rows = [], lanes = {}, arrows = [], totalH = 0;
	var W = 0, H = 0, v0 = D.t0, v1 = D.t1, drawn = null, pending = false;

	/* Data set name's columns in src (D unless given), decoded (see data_queries in
	 * cmd-report.c): numbers in Float64Arrays, NaN for none, differences summed, ends
	 * made absolute; .n rows. */
	function columns(name, src) {
		src = src || D;
		var c = src[name] || [], kinds = src.kinds[name], out = [], i, j;
		for (j = 0; j < c.length; j++) {
			var src = c[j], n = src.length, a = new Float64Array(n), k = kinds[j], prev = 0, v;
			for (i = 0; i < n; i++) {
				v = src[i];
				if (v === null) a[i] = NaN;
				else if (k === 'd') a[i] = prev += v;
				else if (k === 'e') a[i] = out[1][i] + v;
				else a[i] = v;
			}
			out.push(a);
		}
		out.n = c.length ? c[0].length : 0;
		return out;
	}

	/* A lane's intervals or points, sorted by start s (end e, attributes a, b, c), in
	 * typed arrays: room for cap, grown as added to. */
	var KEYS = ['s', 'e', 'a', 'b', 'c'], EMPTY = set(0), OPEN;
	EMPTY.m = new Float64Array(0);
	function set(cap) {
		var q = { n: 0, m: null };
		KEYS.forEach(function (k) { q[k] = new Float64Array(cap); });
		return q;
	}
	function add(q, s, e, a, b, c) {
		if (q.n === q.s.length)
			KEYS.forEach(function (k) { var x = new Float64Array(2 * q.n + 16); x.set(q[k]); q[k] = x; });
		q.s[q.n] = s; q.e[q.n] = e; q.a[q.n] = a; q.b[q.n] = b; q.c[q.n] = c; q.n++;
	}

	/* Rows i to j of the columns s, e, a, b, c as a set, without copying them. */
	function view(i, j, s, e, a, b, c) {
		return { n: j - i, m: null, s: s.subarray(i, j), e: e.subarray(i, j), a: a.subarray(i, j),
			b: b.subarray(i, j), c: c.subarray(i, j) };
	}

	/* Call make(lane, i, j) for each lane's rows i to j of data set C, which the report
	 * orders by thread (column 0), then time. */
	function perLane(C, make) {
		var i = 0, j, l;
		while (i < C.n) {
			for (j = i + 1; j < C.n && C[0][j] === C[0][i]; j++);
			if ((l = lanes[C[0][i]])) make(l, i, j);
			i = j;
		}
	}

	/* Column k of data set C with each none (an interval still open) made its lane's end. */
	function closeEnds(C, k) {
		perLane(C, function (l, i, j) { for (; i < j; i++) if (isNaN(C[k][i])) C[k][i] = laneEnd(l); });
	}

	/* q's elements in order of start (a stable sort), unless they are already. */
	function sortSet(q) {
		var i, idx = [], r = set(q.n);
		for (i = 1; i < q.n && q.s[i - 1] <= q.s[i]; i++);
		if (i >= q.n) return q;
		for (i = 0; i < q.n; i++) idx.push(i);
		idx.sort(function (x, y) { return q.s[x] - q.s[y] || x - y; });
		idx.forEach(function (k) { add(r, q.s[k], q.e[k], q.a[k], q.b[k], q.c[k]); });
		return r;
	}

	/* The elements of the sorted sets x and y, sorted (x's first among equal starts). */
	function merge(x, y) {
		var r = set(x.n + y.n), i = 0, j = 0;
		while (i < x.n || j < y.n)
			if (j >= y.n || (i < x.n && x.s[i] <= y.s[j])) { add(r, x.s[i], x.e[i], x.a[i], x.b[i], x.c[i]); i++; }
			else { add(r, y.s[j], y.e[j], y.a[j], y.b[j], y.c[j]); j++; }
		return sortSet(r);
	}

	function str(i) { return i >= 0 && i < S.length ? S[i] : '?'; }
	function hex(v) { return v === null || isNaN(v) ? '-' : '0x' + ('00000000' + (v >>> 0).toString(16).toUpperCase()).slice(-8); }
	function fmt(n) { return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ','); }

	/* The first index whose key(i) >= v in an array sorted by key. */
	function lowerBound(n, key, v) {
		var lo = 0, hi = n;
		while (lo < hi) {
			var mid = (lo + hi) >> 1;
			if (key(mid) < v) lo = mid + 1; else hi = mid;
		}
		return lo;
	}

	/* Running time split by the thread's system calls: state 0 (user) or 1 (kernel). */
	function splitRun(run, sys) {
		var out = set(run.n + 2 * sys.n + 16), j = 0, i, k, t, a, b, e, x;
		for (i = 0; i < run.n; i++) {
			a = run.s[i]; b = run.e[i];
			while (j < sys.n && sys.e[j] <= a) j++;
			for (k = j, t = a; t < b && k < sys.n && sys.s[k] < b; k++) {
				e = Math.max(sys.s[k], t); x = Math.min(sys.e[k], b);
				if (e > t) add(out, t, e, 0, -1, 0);
				if (x > e) add(out, e, x, 1, -1, 0);
				t = Math.max(t, x);
				if (sys.e[k] > b) break;
			}
			if (t < b) add(out, t, b, 0, -1, 0);
		}
		return out;
	}

	/* For a set sorted by start, the running maximum of its ends. */
	function endMax(q) {
		var m = new Float64Array(q.n), cur = -Infinity;
		for (var i = 0; i < q.n; i++) { cur = Math.max(cur, q.e[i]); m[i] = cur; }
		return m;
	}

	function laneEnd(l) { return l.exit !== null && l.exit < D.t1 ? l.exit : D.t1; }

	function buildRows() {
		var procs = {}, y = 0, cur = null, i;
		for (i = 0; i < P.n; i++) procs[P[0][i]] = i;
		for (i = 0; i < TH.n; i++) {
			if (TH[1][i] !== cur) {
				cur = TH[1][i];
				var p = procs[cur], pid = p === undefined ? NaN : P[1][p];
				rows.push({ kind: 'proc', y: y, h: HEAD_H, label: str(p === undefined ? -1 : P[2][p]) + (isNaN(pid) ? '' : ' (pid ' + pid + ')') });
				y += HEAD_H;
			}
			var l = { kind: 'lane', y: y, h: LANE_H, utid: TH[0][i], tid: TH[2][i], upid: cur,
				exit: isNaN(TH[4][i]) ? null : TH[4][i],
				label: 'tid ' + TH[2][i] + (TH[5][i] >= 0 ? '  ' + str(TH[5][i]) : ''),
				rows: {}, segs: null, sys: null, traps: null, marks: null };
			rows.push(l); lanes[TH[0][i]] = l; y += LANE_H;
		}
		totalH = y;
	}

	/* Each lane's rows of the data sets, and the arrows; what a lane draws is made when
	 * it is first needed (prepare), so the first paint costs only the lanes in view. */
	function buildLanes() {
		var i, to;
		OPEN = new Float64Array(SYS.n);
		for (i = 0; i < SYS.n; i++) OPEN[i] = isNaN(SYS[2][i]) ? 1 : 0;
		closeEnds(RUN, 2);
		closeEnds(OFF, 2);
		closeEnds(SYS, 2);
		[['run', RUN], ['off', OFF], ['sys', SYS], ['traps', TRAP]].forEach(function (d) {
			perLane(d[1], function (l, i, j) { l.rows[d[0]] = [i, j]; });
		});
		for (i = 0; i < APC.n; i++) {
			to = lanes[APC[2][i]];
			if (to) add(to.marks = to.marks || set(4), APC[3][i], 0, APC[4][i], APC[5][i], 0);
			if (to && lanes[APC[0][i]]) arrows.push({ kind: 'apc', t0: APC[1][i], u0: APC[0][i], t1: APC[3][i], u1: APC[2][i] });
		}
		for (i = 0; i < MSG.n; i++)
			if (lanes[MSG[0][i]] && lanes[MSG[2][i]]) arrows.push({ kind: 'lpc', t0: MSG[1][i], u0: MSG[0][i], t1: MSG[3][i], u1: MSG[2][i] });
		arrows.sort(function (a, b) { return a.t0 - b.t0; });
	}

	/* The lane's rows of data set C (columns s, e, a, b, c) as a set, or EMPTY. */
	function laneRows(l, key, s, e, a, b, c) {
		var r = l.rows[key];
		return r ? view(r[0], r[1], s, e, a, b, c) : EMPTY;
	}

	/* What lane l draws: its states (running split by system calls, and off the CPU),
	 * system calls, traps and APC deliveries, each sorted with its end maximum. */
	function prepare(l) {
		if (l.segs) return l;
		var run = laneRows(l, 'run', RUN[1], RUN[2], RUN[2], RUN[2], RUN[2]);
		var off = laneRows(l, 'off', OFF[1], OFF[2], OFF[3], OFF[4], OFF[0]);
		l.sys = laneRows(l, 'sys', SYS[1], SYS[2], SYS[3], SYS[4], OPEN);
		l.traps = sortSet(laneRows(l, 'traps', TRAP[1], TRAP[1], TRAP[2], TRAP[3], TRAP[0]));
		l.marks = l.marks ? sortSet(l.marks) : EMPTY;
		l.segs = merge(splitRun(run, l.sys), off);
		l.segs.m = endMax(l.segs);
		if (l.sys !== EMPTY) l.sys.m = endMax(l.sys);
		return l;
	}

	function X(t) { return LABEL_W + (t - v0) / (v1 - v0) * (W - LABEL_W); }
	function T(x) { return v0 + (x - LABEL_W) / (W - LABEL_W) * (v1 - v0); }
	function rowTop(r) { return AXIS_H + r.y - scroller.scrollTop; }

	/* Fill the intervals of q (sorted by start, q.m their running end maximum) that
	 * meet the window: one rectangle per pixel column for those under a pixel;
	 * labelOf, if given, names those wide enough. */
	function drawIntervals(q, y, h, color, labelOf) {
		var em = q.m, n = q.n, i = lowerBound(n, function (k) { return em[k]; }, v0);
		while (i < n && q.s[i] <= v1) {
			var x0 = Math.max(X(q.s[i]), LABEL_W), x1 = Math.min(X(q.e[i]), W);
			ctx.fillStyle = color(q, i);
			if (x1 - x0 < 1) {
				var px = Math.floor(x0);
				ctx.fillRect(px, y, 1, h);
				drawn.rects++;
				var next = T(px + 1);
				i = Math.max(i + 1, lowerBound(n, function (k) { return q.s[k]; }, next));
				continue;
			}
			ctx.fillRect(x0, y, x1 - x0, h);
			drawn.rects++;
			if (labelOf && x1 - x0 > 40) label(labelOf(q, i), x0, x1, y + h - 2);
			i++;
		}
	}

	function label(text, x0, x1, y) {
		ctx.save();
		ctx.beginPath(); ctx.rect(x0, y - SYS_H, x1 - x0, SYS_H + 2); ctx.clip();
		ctx.fillStyle = '#fff'; ctx.font = '9px sans-serif'; ctx.fillText(text, x0 + 2, y);
		ctx.restore();
	}

	/* Ticks at points (sorted by time) in the window, one per pixel column. */
	function drawPoints(q, y, h, color, wide) {
		var i = lowerBound(q.n, function (k) { return q.s[k]; }, v0), last = -1;
		for (; i < q.n && q.s[i] <= v1; i++) {
			var px = Math.floor(X(q.s[i]));
			if (px === last || px < LABEL_W) continue;
			last = px;
			ctx.fillStyle = color(q, i);
			if (wide) {
				ctx.beginPath(); ctx.moveTo(px, y); ctx.lineTo(px - 4, y - 5); ctx.lineTo(px + 4, y - 5); ctx.fill();
			} else
				ctx.fillRect(px, y, 1, h);
			drawn.points++;
		}
	}

	function sysColor(q, i) { return !isNaN(q.b[i]) && (q.b[i] >>> 0) >= 0xC0000000 ? '#e53935' : '#3949ab'; }
	function trapColor(q, i) { return str(q.a[i]) === 'clock' ? '#9e9e9e' : '#c62828'; }

	function drawLane(l, top) {
		prepare(l);
		ctx.fillStyle = '#f5f5f5';
		ctx.fillRect(LABEL_W, top + LANE_H - 1, W - LABEL_W, 1);
		drawIntervals(l.segs, top + SYS_H + 2, LANE_H - SYS_H - 5, function (q, i) { return STATE_COL[q.a[i]]; });
		drawIntervals(l.sys, top + 1, SYS_H, sysColor, function (q, i) { return str(q.a[i]); });
		drawPoints(l.traps, top + LANE_H - 4, 3, trapColor, false);
		drawPoints(l.marks, top + SYS_H + 6, 0, function () { return '#8e24aa'; }, true);
		ctx.fillStyle = '#37474f'; ctx.font = '11px sans-serif';
		ctx.fillText(l.label, 14, top + 15, LABEL_W - 18);
		drawn.lanes++;
	}

	function drawHeader(r, top) {
		ctx.fillStyle = '#eceff1'; ctx.fillRect(0, top, W, HEAD_H);
		ctx.fillStyle = '#263238'; ctx.font = 'bold 11px sans-serif';
		ctx.fillText(r.label, 4, top + 13, LABEL_W + 300);
	}

	/* The lane's vertical middle on the canvas, or null if the thread has none. */
	function laneMid(utid) { var l = lanes[utid]; return l ? rowTop(l) + SYS_H + 8 : null; }

	function drawArrow(a) {
		var x0 = X(a.t0), x1 = X(a.t1), y0 = laneMid(a.u0), y1 = laneMid(a.u1);
		if ((y0 < AXIS_H && y1 < AXIS_H) || (y0 > H && y1 > H)) return false;
		ctx.strokeStyle = ARROW_COL[a.kind]; ctx.fillStyle = ARROW_COL[a.kind];
		ctx.beginPath(); ctx.moveTo(x0, y0); ctx.lineTo(x1, y1); ctx.stroke();
		var ang = Math.atan2(y1 - y0, x1 - x0);
		ctx.beginPath(); ctx.moveTo(x1, y1);
		ctx.lineTo(x1 - 7 * Math.cos(ang - 0.4), y1 - 7 * Math.sin(ang - 0.4));
		ctx.lineTo(x1 - 7 * Math.cos(ang + 0.4), y1 - 7 * Math.sin(ang + 0.4));
		ctx.fill();
		return true;
	}

	/* Arrows that meet the window; past MAX_ARROWS only every k-th. */
	function drawArrows() {
		var vis = [], i, k;
		for (i = 0; i < arrows.length && arrows[i].t0 <= v1; i++)
			if (Math.max(arrows[i].t0, arrows[i].t1) >= v0) vis.push(arrows[i]);
		k = Math.ceil(vis.length / MAX_ARROWS) || 1;
		ctx.save();
		ctx.beginPath(); ctx.rect(LABEL_W, AXIS_H, W - LABEL_W, H - AXIS_H); ctx.clip();
		ctx.lineWidth = 1.2;
		for (i = 0; i < vis.length; i += k)
			if (drawArrow(vis[i])) drawn.arrows++;
		ctx.restore();
		drawn.arrowsVisible = vis.length;
	}

	function drawAxis() {
		ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, W, AXIS_H);
		ctx.fillStyle = '#263238'; ctx.fillRect(0, AXIS_H - 1, W, 1);
		var span = v1 - v0, raw = span / Math.max(1, (W - LABEL_W) / 110), p = Math.pow(10, Math.floor(Math.log10(raw)));
		var step = raw / p < 2 ? 2 * p : raw / p < 5 ? 5 * p : 10 * p, t;
		ctx.font = '10px sans-serif';
		for (t = Math.ceil(v0 / step) * step; t <= v1; t += step) {
			var x = X(t);
			ctx.fillRect(x, AXIS_H - 6, 1, 6);
			ctx.fillText(fmt(t), x + 2, AXIS_H - 9);
		}
		ctx.fillText('instructions', 4, AXIS_H - 9);
	}

	function draw() {
		pending = false;
		drawn = { lanes: 0, arrows: 0, rects: 0, points: 0, arrowsVisible: 0 };
		ctx.setTransform(window.devicePixelRatio || 1, 0, 0, window.devicePixelRatio || 1, 0, 0);
		ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, W, H);
		var top0 = scroller.scrollTop, i = lowerBound(rows.length, function (k) { return rows[k].y + rows[k].h; }, top0);
		ctx.save();
		ctx.beginPath(); ctx.rect(0, AXIS_H, W, H - AXIS_H); ctx.clip();
		for (; i < rows.length && rowTop(rows[i]) < H; i++)
			if (rows[i].kind === 'proc') drawHeader(rows[i], rowTop(rows[i]));
			else drawLane(rows[i], rowTop(rows[i]));
		ctx.restore();
		drawArrows();
		drawAxis();
		if (!performance.getEntriesByName('ntscope-timeline-drawn').length) performance.mark('ntscope-timeline-drawn');
		document.getElementById('view').textContent = fmt(v0) + ' \u2013 ' + fmt(v1) + ' (' + fmt(v1 - v0) + ' instructions)';
		publish();
	}

	/* Draw at the next frame (or soon, where no frames come: hidden or headless). */
	function redraw() {
		if (pending) return;
		pending = true;
		window.requestAnimationFrame(function () { if (pending) draw(); });
		window.setTimeout(function () { if (pending) draw(); }, 50);
	}

	/* What the report drew, on <body>'s data attributes, for people and tests. */
	function publish() {
		var b = document.body.dataset, n = 0;
		rows.forEach(function (r) { if (r.kind === 'lane') n++; });
		b.lanes = n;
		b.processes = P.n;
		b.arrows = arrows.length;
		b.arrowsApc = arrows.filter(function (a) { return a.kind === 'apc'; }).length;
		b.arrowsLpc = arrows.filter(function (a) { return a.kind === 'lpc'; }).length;
		b.syscalls = SYS.n;
		b.traps = TRAP.n;
		b.apcMarks = APC.n;
		b.handshakes = document.querySelectorAll('details.hs').length;
		b.stepTables = document.querySelectorAll('details.hs table.steps').length;
		b.drawnLanes = drawn.lanes;
		b.drawnArrows = drawn.arrows;
		b.drawnRects = drawn.rects;
		b.ready = '1';
	}

	function resize() {
		var dpr = window.devicePixelRatio || 1, full = AXIS_H + totalH + 4;
		scroller.style.height = Math.max(120, Math.min(window.innerHeight * 0.7, full)) + 'px';
		spacer.style.height = full + 'px';
		W = scroller.clientWidth;
		H = scroller.clientHeight;
		canvas.width = W * dpr; canvas.height = H * dpr;
		canvas.style.width = W + 'px'; canvas.style.height = H + 'px';
		draw();
	}

	/* Show [a, b], at least 10 instructions wide, within the trace. */
	function setView(a, b) {
		var span = Math.max(10, b - a), full = D.t1 - D.t0;
		if (span > full) span = full;
		a = Math.max(D.t0, Math.min(a, D.t1 - span));
		v0 = a; v1 = a + span;
		redraw();
	}

	function zoom(f, at) {
		var t = at === undefined ? (v0 + v1) / 2 : at;
		setView(t - (t - v0) * f, t + (v1 - t) * f);
	}

	function pan(f) { var d = (v1 - v0) * f; setView(v0 + d, v1 + d); }

	function rowAt(y) {
		var yy = y - AXIS_H + scroller.scrollTop;
		var i = lowerBound(rows.length, function (k) { return rows[k].y + rows[k].h; }, yy + 0.001);
		return i < rows.length && rows[i].y <= yy ? rows[i] : null;
	}

	/* The index of an element of q that holds time t, or -1. */
	function findAt(q, t) {
		var i = lowerBound(q.n, function (k) { return q.m[k]; }, t);
		for (; i < q.n && q.s[i] <= t; i++) if (q.e[i] >= t) return i;
		return -1;
	}

	/* The tooltip's text for canvas point (x, y), or null. */
	function describe(x, y) {
		var r = rowAt(y);
		if (!r || x < LABEL_W) return r ? r.label : null;
		if (r.kind !== 'lane') return r.label;
		prepare(r);
		var t = T(x), lines = [r.label + '  @ ' + fmt(t)];
		var g = r.segs, sc = r.sys, si = findAt(g, t), yi = findAt(sc, t), i;
		if (si >= 0) lines.push(STATE_NAME[g.a[si]] + (g.b[si] >= 0 ? ' (' + str(g.b[si]) + ')' : '') + '  ' + fmt(g.s[si]) + ' \u2013 ' + fmt(g.e[si]));
		if (yi >= 0) lines.push(str(sc.a[yi]) + '  status ' + (sc.c[yi] ? 'none (did not return)' : hex(sc.b[yi])) + '  ' + fmt(sc.e[yi] - sc.s[yi]) + ' instructions');
		var tol = (v1 - v0) / (W - LABEL_W) * 3;
		for (i = 0; i < r.traps.n; i++)
			if (Math.abs(r.traps.s[i] - t) <= tol) lines.push('trap ' + str(r.traps.a[i]) + ' (' + str(r.traps.b[i]) + ') @ ' + fmt(r.traps.s[i]));
		for (i = 0; i < r.marks.n; i++)
			if (Math.abs(r.marks.s[i] - t) <= tol) lines.push(str(r.marks.a[i]) + ' APC delivered: ' + str(r.marks.b[i]) + ' @ ' + fmt(r.marks.s[i]));
		return lines.join('\n');
	}

	var drag = null;
	canvas.addEventListener('mousedown', function (e) { drag = { x: e.clientX, v0: v0, v1: v1 }; canvas.style.cursor = 'grabbing'; });
	window.addEventListener('mouseup', function () { drag = null; canvas.style.cursor = 'grab'; });
	canvas.addEventListener('mousemove', function (e) {
		var rect = canvas.getBoundingClientRect(), x = e.clientX - rect.left, y = e.clientY - rect.top;
		if (drag) {
			var dt = (drag.x - e.clientX) / (W - LABEL_W) * (drag.v1 - drag.v0);
			setView(drag.v0 + dt, drag.v1 + dt);
			return;
		}
		var text = describe(x, y);
		tip.style.display = text ? 'block' : 'none';
		if (text) { tip.textContent = text; tip.style.left = (e.clientX + 12) + 'px'; tip.style.top = (e.clientY + 12) + 'px'; }
	});
	canvas.addEventListener('mouseleave', function () { tip.style.display = 'none'; });
	canvas.addEventListener('wheel', function (e) {
		var rect = canvas.getBoundingClientRect();
		if (e.ctrlKey || e.altKey) {
			e.preventDefault();
			zoom(Math.exp(e.deltaY * 0.002), T(e.clientX - rect.left));
		} else if (e.shiftKey) {
			e.preventDefault();
			pan((e.deltaY || e.deltaX) * 0.001);
		}
	}, { passive: false });
	window.addEventListener('keydown', function (e) {
		if (e.target.tagName === 'INPUT') return;
		var k = e.key.toLowerCase();
		if (k === 'w' || k === '+') zoom(0.7);
		else if (k === 's' || k === '-') zoom(1 / 0.7);
		else if (k === 'a') pan(-0.2);
		else if (k === 'd') pan(0.2);
		else if (k === '0') setView(D.t0, D.t1);
	});
	scroller.addEventListener('scroll', redraw);
	window.addEventListener('resize', resize);
	document.getElementById('zoom-in').onclick = function () { zoom(0.5); };
	document.getElementById('zoom-out').onclick = function () { zoom(2); };
	document.getElementById('pan-left').onclick = function () { pan(-0.5); };
	document.getElementById('pan-right').onclick = function () { pan(0.5); };
	document.getElementById('reset').onclick = function () { setView(D.t0, D.t1); };

	/* Handshake rows zoom the timeline to their span (one listener for the rows made
	 * after the page is read). */
	document.addEventListener('click', function (e) {
		var el = e.target.closest ? e.target.closest('[data-from]') : null;
		if (!el) return;
		var a = Number(el.dataset.from), b = Number(el.dataset.to), pad = Math.max(50, (b - a) * 0.05);
		setView(a - pad, b + pad);
		scroller.scrollIntoView();
	});

	/* The handshakes of the hs-data block (put_hs_data in cmd-report.c), decoded: .hs
	 * and .steps their columns, .first each one's first step, .str(i) a string or null. */
	function handshakeData(el) {
		var H = JSON.parse(el.textContent), h = { hs: columns('hs', H), steps: columns('steps', H), first: [] }, i, k;
		for (i = 0, k = 0; i < h.hs.n; i++) { h.first.push(k); k += h.hs[8][i]; }
		h.str = function (i) { return i >= 0 && i < H.strings.length ? H.strings[i] : null; };
		return h;
	}

	/* A new tag element under parent, with text (unless null) and class cls (if any). */
	function child(parent, tag, text, cls) {
		var e = document.createElement(tag);
		if (text !== null) e.textContent = text;
		if (cls) e.className = cls;
		parent.appendChild(e);
		return e;
	}

	/* What the summary and the <details> show of handshake i of h. */
	function handshakeAt(h, i) {
		var HS = h.hs, ST = h.steps, o = h.str(HS[4][i]), from = -1, to = -1, j, ts;
		function party(img, pid) { return h.str(img) + (isNaN(pid) ? ' (not created)' : ' (pid ' + pid + ')'); }
		for (j = h.first[i]; j < h.first[i] + HS[8][i]; j++)
			if (!isNaN(ts = ST[2][j])) { if (from < 0 || ts < from) from = ts; if (ts > to) to = ts; }
		var bad = o !== null && o !== 'ok' && o !== 'running';
		return { n: i + 1, outcome: o === null ? '' : o, bad: bad, cls: bad ? 'bad' : o === 'ok' ? 'ok' : 'running',
			parent: party(HS[0][i], HS[1][i]), child: party(HS[2][i], HS[3][i]), via: h.str(HS[5][i]) || '',
			missing: h.str(HS[6][i]), diagnosis: h.str(HS[7][i]), ordering: h.str(HS[9][i]), from: from, to: to };
	}

	/* The summary table, 50 handshakes a page: only the page shown is made. */
	function initSummary(h) {
		var body = document.querySelector('#hs-summary tbody'), pager = document.getElementById('hs-pager');
		var per = 50, page = 0;
		function row(i) {
			var x = handshakeAt(h, i), tr = child(body, 'tr', null, x.bad ? 'bad' : '');
			tr.dataset.from = x.from;
			tr.dataset.to = x.to;
			child(tr, 'td', String(x.n), 'n');
			child(tr, 'td', x.parent);
			child(tr, 'td', x.child);
			child(child(tr, 'td', null), 'span', x.outcome, 'outcome ' + x.cls);
			child(tr, 'td', x.ordering === null ? '-' : x.ordering);
			child(tr, 'td', x.missing === null ? '' : x.missing, 'missing-list');
			child(tr, 'td', String(x.from >= 0 ? x.to - x.from : 0), 'n');
		}
		function show() {
			var i;
			body.textContent = '';
			for (i = page * per; i < h.hs.n && i < (page + 1) * per; i++) row(i);
			pager.textContent = '';
			if (h.hs.n <= per) return;
			for (var p = 0; p * per < h.hs.n; p++) {
				var b = child(pager, 'button', String(p + 1));
				b.disabled = p === page;
				b.onclick = (function (q) { return function () { page = q; show(); }; })(p);
			}
		}
		if (body && pager) show();
	}

	/* Handshake i's steps table in its <details> d: step, ts, gap since the step done
	 * before, by, state. */
	function stepsTable(h, d, i) {
		var ST = h.steps, t = child(d, 'table', null, 'steps'), tr = child(child(t, 'thead', null), 'tr', null);
		var body, j, ts, state, prev = NaN;
		['step', 'ts', 'gap', 'by', 'state'].forEach(function (x) { child(tr, 'th', x); });
		body = child(t, 'tbody', null);
		for (j = h.first[i]; j < h.first[i] + h.hs[8][i]; j++) {
			state = h.str(ST[1][j]);
			ts = ST[2][j];
			tr = child(body, 'tr', null, state === 'done' ? '' : state);
			child(tr, 'td', h.str(ST[0][j]));
			if (state !== 'done') {
				child(tr, 'td', ''); child(tr, 'td', ''); child(tr, 'td', ''); child(tr, 'td', state);
				continue;
			}
			child(tr, 'td', String(ts), 'n');
			child(tr, 'td', isNaN(prev) ? '' : (ts >= prev ? '+' : '') + (ts - prev), 'n');
			child(tr, 'td', h.str(ST[3][j]) || '');
			child(tr, 'td', 'done');
			prev = ts;
		}
	}

	/* Handshake i's <details>: open, and with its steps, when it went wrong. */
	function details(h, i) {
		var x = handshakeAt(h, i), d = document.createElement('details'), s;
		d.className = x.bad ? 'hs bad' : 'hs';
		d.id = 'hs-' + x.n;
		d.dataset.outcome = x.outcome;
		s = child(d, 'summary', 'CreateProcess ' + x.n + ': ' + x.parent + ' \u2192 ' + x.child + ': ');
		child(s, 'span', x.outcome, 'outcome ' + x.cls);
		s.appendChild(document.createTextNode(' via ' + x.via));
		if (x.missing !== null) child(child(d, 'div', 'missing steps: ', 'diag'), 'span', x.missing, 'missing-list');
		if (x.diagnosis !== null) child(d, 'div', x.diagnosis, 'diagnosis');
		if (x.bad) { d.open = true; stepsTable(h, d, i); }
		return d;
	}

	/* Each handshake's <details>, PER at a time, each slice in its own task, after the
	 * timeline is drawn; a closed one's steps table is made when it is first opened. */
	function loadDetails(h, box) {
		var PER = 500, at = 0;
		box.addEventListener('toggle', function (e) {
			var d = e.target;
			if (d.open && d.classList.contains('hs') && !d.querySelector('table.steps'))
				stepsTable(h, d, Number(d.id.slice(3)) - 1);
		}, true);
		function slice() {
			var f = document.createDocumentFragment(), k;
			for (k = 0; k < PER && at < h.hs.n; k++) f.appendChild(details(h, at++));
			box.appendChild(f);
			if (at < h.hs.n) window.setTimeout(slice, 0);
			else publish();
		}
		window.setTimeout(slice, 0);
	}

	/* The handshakes' summary and <details>, from their data. */
	function initHandshakes() {
		var el = document.getElementById('hs-data'), box = document.getElementById('hs-tables'), h;
		if (!el || !box) return;
		h = handshakeData(el);
		initSummary(h);
		loadDetails(h, box);
	}

	buildRows();
	buildLanes();
	if (D.t1 <= D.t0) D.t1 = D.t0 + 10;
	v0 = D.t0; v1 = D.t1;
	resize();
	/* the handshakes come after this script in the page */
	document.addEventListener('DOMContentLoaded', function () {
		initHandshakes();
		publish();
	});
})();
