/* Draws the status page's charts of messages per outcome with ECharts (from the echarts-api plugin). */
(function () {
    const outcomes = {
        POSTED: ['Posted', '--success-color', '#1ea64b'],
        SUPERSEDED: ['Superseded', '--blue', '#4b758b'],
        SKIPPED: ['Skipped', '--text-color-secondary', '#9ba7af'],
        INVALID: ['Invalid', '--warning-color', '#fe820a'],
        REJECTED: ['Rejected', '--error-color', '#e6001f'],
        RETRY: ['Retry', '--purple', '#8a5fcf']
    };

    function themeColor(variable, fallback) {
        const value = getComputedStyle(document.body).getPropertyValue(variable).trim();
        return value || fallback;
    }

    function render(element) {
        const model = JSON.parse(element.dataset.chart);
        const textColor = themeColor('--text-color', '#333');
        const chart = echarts.init(element);
        chart.setOption({
            tooltip: {trigger: 'axis', axisPointer: {type: 'shadow'}},
            legend: {top: 0, textStyle: {color: textColor}},
            grid: {left: 10, right: 10, bottom: 10, top: 40, containLabel: true},
            xAxis: {type: 'category', data: model.labels, axisLabel: {color: textColor}},
            yAxis: {type: 'value', minInterval: 1, axisLabel: {color: textColor}},
            series: model.series.map(function (series) {
                const look = outcomes[series.outcome] || [series.outcome, '--text-color', '#333'];
                return {
                    name: look[0], type: 'bar', stack: 'messages', data: series.data,
                    itemStyle: {color: themeColor(look[1], look[2])}
                };
            })
        });
        window.addEventListener('resize', function () {
            chart.resize();
        });
    }

    behaviorShim.specify('.status-queue-chart', 'status-queue-outcome-chart', 0, render);
})();
