import { define } from '../shared/define.js';
import { JourneyView } from './journey-view.js';

export { JourneyView, ROW_HEIGHT } from './journey-view.js';
export type {
  JourneyChannelFilter,
  JourneyEntry,
  JourneyFilterDetail,
  JourneyFilterEvent,
  JourneyMoreEvent,
  JourneyPeriod,
  JourneyPeriodDetail,
  JourneyPeriodEvent,
  JourneySelectDetail,
  JourneySelectEvent,
} from './journey-view.js';

define('journey-view', JourneyView);

declare global {
  interface HTMLElementTagNameMap {
    'journey-view': JourneyView;
  }
}
