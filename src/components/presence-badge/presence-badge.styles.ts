import { css } from 'lit';

export const styles = css`
  :host {
    display: inline-flex;
    max-inline-size: 100%;
  }
  :host([hidden]) {
    display: none;
  }
  .badge {
    display: inline-flex;
    align-items: center;
    gap: calc(var(--cc-space, 0.5rem) / 2);
    padding-block: 0.1em;
    padding-inline: calc(var(--cc-space, 0.5rem) / 2);
    border-radius: var(--cc-radius, 4px);
    background: var(--cc-presence-surface, var(--cc-color-surface-alt, #f3f4f6));
    color: var(--cc-color-text, inherit);
    font-size: 0.85em;
    overflow-wrap: anywhere;
  }
  .dot {
    flex: none;
    inline-size: 0.6em;
    block-size: 0.6em;
    border-radius: 50%;
    background: var(--cc-presence-color, var(--cc-color-accent, #2563eb));
  }
  .badge[data-editing] .dot {
    background: var(--cc-presence-editing-color, var(--cc-color-warning, #b45309));
  }
`;
