import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  :host([hidden]) {
    display: none;
  }
  .bar {
    display: flex;
    align-items: center;
    gap: var(--_space);
    margin-block-end: var(--_space);
  }
  .bar .spacer {
    flex: 1;
  }
  .bar .unsaved-mark {
    font-size: 0.8em;
    font-weight: 600;
    color: var(--_warning);
    background: var(--_warning-bg);
    border: 1px solid currentColor;
    border-radius: var(--_radius);
    padding-inline: calc(var(--_space) / 2);
  }
  .icon {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    inline-size: calc(var(--_space) * 4);
    block-size: calc(var(--_space) * 4);
    padding-block: 0;
    padding-inline: 0;
  }
  .icon[aria-expanded='true'] {
    background: var(--_bg-alt);
    border-color: var(--_accent);
  }
  .icon svg {
    inline-size: 18px;
    block-size: 18px;
    fill: none;
    stroke: currentColor;
    stroke-width: 2;
    stroke-linecap: round;
    stroke-linejoin: round;
  }
  .details {
    background: var(--_bg-alt);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding-block: var(--_space);
    padding-inline: calc(var(--_space) * 1.5);
    margin-block-end: var(--_space);
  }
  .details[hidden] {
    display: none;
  }
  /* The dl grid of the details: shared/details.styles.ts. */
`;
