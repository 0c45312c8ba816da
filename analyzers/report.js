/* report.js — the ntscope report's timeline: lanes drawn on a canvas, only the
 * visible window, one rectangle per pixel column at most when zoomed out. */
(function () {
	'use strict';
	var D = JSON.parse(document.getElementById('ntscope-data').textContent);
	var S = D.strings;
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

	function str(i) { return i >= 0 && i < S.length ? S[i] : '?'; }
	function hex(v) { return v === null ? '-' : '0x' + ('00000000' + (v >>> 0).toString(16).toUpperCase()).slice(-8); }
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

	/* Running time split by the thread's system calls: [start, end, state]. */
	function splitRun(run, sys) {
		var out = [], j = 0, i, k, t, a, b, e, x;
		for (i = 0; i < run.length; i++) {
			a = run[i][0]; b = run[i][1];
			while (j < sys.length && sys[j][1] <= a) j++;
			for (k = j, t = a; t < b && k < sys.length && sys[k][0] < b; k++) {
				e = Math.max(sys[k][0], t); x = Math.min(sys[k][1], b);
				if (e > t) out.push([t, e, 0, -1]);
				if (x > e) out.push([e, x, 1, -1]);
				t = Math.max(t, x);
				if (sys[k][1] > b) break;
			}
			if (t < b) out.push([t, b, 0, -1]);
		}
		return out;
	}

	/* For intervals sorted by start, the running maximum of their ends. */
	function endMax(arr) {
		var m = [], cur = -Infinity;
		for (var i = 0; i < arr.length; i++) { cur = Math.max(cur, arr[i][1]); m.push(cur); }
		return m;
	}

	function laneEnd(l) { return l.exit !== null && l.exit < D.t1 ? l.exit : D.t1; }

	function buildRows() {
		var procs = {}, y = 0, cur = null;
		D.procs.forEach(function (p) { procs[p[0]] = p; });
		D.threads.forEach(function (t) {
			if (t[1] !== cur) {
				cur = t[1];
				var p = procs[cur] || [cur, null, -1];
				rows.push({ kind: 'proc', y: y, h: HEAD_H, label: str(p[2]) + (p[1] === null ? '' : ' (pid ' + p[1] + ')') });
				y += HEAD_H;
			}
			var l = { kind: 'lane', y: y, h: LANE_H, utid: t[0], tid: t[2], upid: t[1], exit: t[4],
				label: 'tid ' + t[2] + (t[5] >= 0 ? '  ' + str(t[5]) : ''), run: [], off: [], sys: [],
				traps: [], marks: [] };
			rows.push(l); lanes[t[0]] = l; y += LANE_H;
		});
		totalH = y;
	}

	function buildLanes() {
		D.run.forEach(function (r) { var l = lanes[r[0]]; if (l) l.run.push([r[1], r[2] === null ? laneEnd(l) : r[2]]); });
		D.off.forEach(function (r) { var l = lanes[r[0]]; if (l) l.off.push([r[1], r[2] === null ? laneEnd(l) : r[2], r[3], r[4]]); });
		D.syscalls.forEach(function (r) { var l = lanes[r[0]]; if (l) l.sys.push([r[1], r[2] === null ? laneEnd(l) : r[2], r[3], r[4], r[2] === null]); });
		D.traps.forEach(function (r) { var l = lanes[r[0]]; if (l) l.traps.push([r[1], r[2], r[3]]); });
		D.apcs.forEach(function (r) {
			var to = lanes[r[2]];
			if (to) to.marks.push([r[3], r[4], r[5]]);
			if (to && lanes[r[0]]) arrows.push({ kind: 'apc', t0: r[1], u0: r[0], t1: r[3], u1: r[2], what: str(r[4]) + ' APC ' + str(r[5]) });
		});
		D.msgs.forEach(function (r) {
			if (lanes[r[0]] && lanes[r[2]]) arrows.push({ kind: 'lpc', t0: r[1], u0: r[0], t1: r[3], u1: r[2], what: str(r[4]) + (r[5] >= 0 ? ' ' + str(r[5]) : '') });
		});
		arrows.sort(function (a, b) { return a.t0 - b.t0; });
		rows.forEach(function (l) {
			if (l.kind !== 'lane') return;
			l.segs = splitRun(l.run, l.sys).concat(l.off).sort(function (a, b) { return a[0] - b[0]; });
			l.segMax = endMax(l.segs);
			l.sysMax = endMax(l.sys);
			l.traps.sort(function (a, b) { return a[0] - b[0]; });
			l.marks.sort(function (a, b) { return a[0] - b[0]; });
		});
	}

	function X(t) { return LABEL_W + (t - v0) / (v1 - v0) * (W - LABEL_W); }
	function T(x) { return v0 + (x - LABEL_W) / (W - LABEL_W) * (v1 - v0); }
	function rowTop(r) { return AXIS_H + r.y - scroller.scrollTop; }

	/* Fill the intervals of arr (sorted by start, em their running end maximum) that
	 * meet the window: one rectangle per pixel column for those under a pixel;
	 * labelOf, if given, names those wide enough. */
	function drawIntervals(arr, em, y, h, color, labelOf) {
		var i = lowerBound(em.length, function (k) { return em[k]; }, v0), n = arr.length;
		while (i < n && arr[i][0] <= v1) {
			var it = arr[i], x0 = Math.max(X(it[0]), LABEL_W), x1 = Math.min(X(it[1]), W);
			ctx.fillStyle = color(it);
			if (x1 - x0 < 1) {
				var px = Math.floor(x0);
				ctx.fillRect(px, y, 1, h);
				drawn.rects++;
				var next = T(px + 1);
				i = Math.max(i + 1, lowerBound(n, function (k) { return arr[k][0]; }, next));
				continue;
			}
			ctx.fillRect(x0, y, x1 - x0, h);
			drawn.rects++;
			if (labelOf && x1 - x0 > 40) label(labelOf(it), x0, x1, y + h - 2);
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
	function drawPoints(arr, y, h, color, wide) {
		var i = lowerBound(arr.length, function (k) { return arr[k][0]; }, v0), last = -1;
		for (; i < arr.length && arr[i][0] <= v1; i++) {
			var px = Math.floor(X(arr[i][0]));
			if (px === last || px < LABEL_W) continue;
			last = px;
			ctx.fillStyle = color(arr[i]);
			if (wide) {
				ctx.beginPath(); ctx.moveTo(px, y); ctx.lineTo(px - 4, y - 5); ctx.lineTo(px + 4, y - 5); ctx.fill();
			} else
				ctx.fillRect(px, y, 1, h);
			drawn.points++;
		}
	}

	function sysColor(s) { return s[3] !== null && (s[3] >>> 0) >= 0xC0000000 ? '#e53935' : '#3949ab'; }
	function trapColor(t) { return str(t[1]) === 'clock' ? '#9e9e9e' : '#c62828'; }

	function drawLane(l, top) {
		ctx.fillStyle = '#f5f5f5';
		ctx.fillRect(LABEL_W, top + LANE_H - 1, W - LABEL_W, 1);
		drawIntervals(l.segs, l.segMax, top + SYS_H + 2, LANE_H - SYS_H - 5, function (s) { return STATE_COL[s[2]]; });
		drawIntervals(l.sys, l.sysMax, top + 1, SYS_H, sysColor, function (s) { return str(s[2]); });
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
		b.processes = D.procs.length;
		b.arrows = arrows.length;
		b.arrowsApc = arrows.filter(function (a) { return a.kind === 'apc'; }).length;
		b.arrowsLpc = arrows.filter(function (a) { return a.kind === 'lpc'; }).length;
		b.syscalls = D.syscalls.length;
		b.traps = D.traps.length;
		b.apcMarks = D.apcs.length;
		b.handshakes = document.querySelectorAll('details.hs').length;
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

	function findAt(arr, em, t) {
		var i = lowerBound(em.length, function (k) { return em[k]; }, t);
		for (; i < arr.length && arr[i][0] <= t; i++) if (arr[i][1] >= t) return arr[i];
		return null;
	}

	/* The tooltip's text for canvas point (x, y), or null. */
	function describe(x, y) {
		var r = rowAt(y);
		if (!r || x < LABEL_W) return r ? r.label : null;
		if (r.kind !== 'lane') return r.label;
		var t = T(x), lines = [r.label + '  @ ' + fmt(t)];
		var seg = findAt(r.segs, r.segMax, t), sys = findAt(r.sys, r.sysMax, t);
		if (seg) lines.push(STATE_NAME[seg[2]] + (seg[3] >= 0 ? ' (' + str(seg[3]) + ')' : '') + '  ' + fmt(seg[0]) + ' \u2013 ' + fmt(seg[1]));
		if (sys) lines.push(str(sys[2]) + '  status ' + (sys[4] ? 'none (did not return)' : hex(sys[3])) + '  ' + fmt(sys[1] - sys[0]) + ' instructions');
		var tol = (v1 - v0) / (W - LABEL_W) * 3;
		r.traps.forEach(function (p) { if (Math.abs(p[0] - t) <= tol) lines.push('trap ' + str(p[1]) + ' (' + str(p[2]) + ') @ ' + fmt(p[0])); });
		r.marks.forEach(function (p) { if (Math.abs(p[0] - t) <= tol) lines.push(str(p[1]) + ' APC delivered: ' + str(p[2]) + ' @ ' + fmt(p[0])); });
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

	/* Handshake rows zoom the timeline to their span; the summary is paged. */
	function initHandshakes() {
		var trs = document.querySelectorAll('#hs-summary tbody tr'), per = 50, page = 0;
		var pager = document.getElementById('hs-pager');
		Array.prototype.forEach.call(document.querySelectorAll('[data-from]'), function (el) {
			el.addEventListener('click', function () {
				var a = Number(el.dataset.from), b = Number(el.dataset.to), pad = Math.max(50, (b - a) * 0.05);
				setView(a - pad, b + pad);
				scroller.scrollIntoView();
			});
		});
		function show() {
			Array.prototype.forEach.call(trs, function (tr, i) { tr.style.display = Math.floor(i / per) === page ? '' : 'none'; });
			pager.textContent = '';
			if (trs.length <= per) return;
			for (var p = 0; p * per < trs.length; p++) {
				var b = document.createElement('button');
				b.textContent = String(p + 1);
				b.disabled = p === page;
				b.onclick = (function (q) { return function () { page = q; show(); }; })(p);
				pager.appendChild(b);
			}
		}
		if (pager) show();
	}

	buildRows();
	buildLanes();
	if (D.t1 <= D.t0) D.t1 = D.t0 + 10;
	v0 = D.t0; v1 = D.t1;
	initHandshakes();
	resize();
})();
