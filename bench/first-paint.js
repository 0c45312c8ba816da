/* first-paint.js — appended to a copy of a report by bench.sh: records on <body>, in
 * milliseconds from navigation start, the page's first contentful paint (Paint Timing)
 * and when the report's script first drew its timeline: its performance mark, or, for a
 * report without one (its script draws before the page ends), when this script ran. */
(function () {
	'use strict';
	var ran = performance.now();
	function put() {
		var f = performance.getEntriesByName('first-contentful-paint')[0];
		var d = performance.getEntriesByName('ntscope-timeline-drawn')[0];
		if (f) document.body.dataset.fcp = f.startTime.toFixed(0);
		document.body.dataset.drawn = (d ? d.startTime : ran).toFixed(0);
	}
	new PerformanceObserver(put).observe({ type: 'paint', buffered: true });
	put();
})();
