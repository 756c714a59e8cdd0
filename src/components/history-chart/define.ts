import { define } from '../shared/define.js';
import { HistoryChart } from './history-chart.js';

export { HistoryChart, CHART_HEIGHT } from './history-chart.js';
export { channelCount, historySummary, monthLabel } from './summary.js';

define('cc-history-chart', HistoryChart);

declare global {
  interface HTMLElementTagNameMap {
    'cc-history-chart': HistoryChart;
  }
}
