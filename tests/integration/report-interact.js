/* report-interact.js — appended to a report by viz.sh: zooms, pans, scrolls, hovers
 * and clicks a handshake the way a person would, then records what it saw on <body>. */
(function () {
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
	if (row) row.click();
	window.setTimeout(function () {
		b.zoomedView = document.getElementById('view').textContent !== v0 ? '1' : '0';
		b.tip = document.getElementById('tip').textContent.length > 0 ? '1' : '0';
		b.interacted = '1';
		b.rectsBefore = before;
	}, 500);
})();
