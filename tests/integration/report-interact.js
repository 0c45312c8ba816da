/* report-interact.js — appended to a report by viz.sh: zooms, pans, scrolls, hovers,
 * clicks a handshake and opens a closed one the way a person would (once the report's
 * own start-up ran, at DOMContentLoaded), then records what it saw on <body>. */
document.addEventListener('DOMContentLoaded', function () {
	'use strict';
	var c = document.getElementById('canvas'), r = c.getBoundingClientRect(), b = document.body.dataset;
	var x = r.left + r.width * 0.6, y = r.top + 60, before = Number(b.drawnRects);
	function fire(type, init) {
		var E = type === 'wheel' ? WheelEvent : type.indexOf('key') === 0 ? KeyboardEvent : MouseEvent;
		(type.indexOf('key') === 0 ? window : c).dispatchEvent(new E(type, Object.assign({ bubbles: true, cancelable: true, clientX: x, clientY: y }, init || {})));
	}
	var v0 = document.getElementById('view').textContent;
	fire('wheel', { deltaY: -500, ctrlKey: true });
	document.getElementById('zoom-in').click();
	fire('keydown', { key: 'w' });
	fire('mousedown'); x -= 200; fire('mousemove'); fire('mouseup');
	fire('wheel', { deltaY: 300, shiftKey: true });
	fire('keydown', { key: 'd' });
	fire('mousemove', { clientX: x, clientY: y + 20 });
	document.getElementById('scroller').scrollTop = 40;
	var row = document.querySelector('#hs-summary tbody tr');
	b.clickedRow = row ? '1' : '0';
	if (row) row.click();
	window.setTimeout(function () {
		b.zoomedView = document.getElementById('view').textContent !== v0 ? '1' : '0';
		b.tip = document.getElementById('tip').textContent.length > 0 ? '1' : '0';
		b.rectsBefore = before;
		/* a handshake that did not go wrong: closed, its steps made when opened */
		var d = document.querySelector('details.hs:not([open])');
		if (!d) { b.interacted = '1'; return; }
		b.openedId = d.id;
		b.openedBefore = d.querySelectorAll('table').length;
		d.open = true;
		window.setTimeout(function () {
			var ts = [], by = '';
			Array.prototype.forEach.call(d.querySelectorAll('table.steps tbody tr'), function (tr) {
				var td = tr.cells;
				if (td[4].textContent !== 'done') return;
				ts.push(Number(td[1].textContent));
				if (td[0].textContent === 'create_process') by = td[3].textContent;
			});
			b.openedTs = ts.sort(function (p, q) { return p - q; }).join(',');
			b.openedBy = by;
			b.interacted = '1';
		}, 200);
	}, 500);
});
