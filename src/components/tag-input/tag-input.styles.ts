import { css } from 'lit';

/** Look of `<tag-input>`: logical properties only, every colour and space from the shared tokens. */
export const styles = css`
  :host {
    display: block;
    --_tag-bg: var(--cc-tag-background, var(--_bg-alt));
  }
  :host([hidden]) {
    display: none;
  }

  label {
    display: block;
    margin-block-end: calc(var(--_space) / 2);
    font-weight: 600;
  }

  .field {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(var(--_space) / 2);
    padding-block: calc(var(--_space) / 2);
    padding-inline: calc(var(--_space) / 2);
    background: var(--_bg);
    border: 1px solid var(--_input-border);
    border-radius: var(--_radius);
    cursor: text;
  }
  .field:has(input:focus-visible) {
    outline: var(--_focus-ring);
    outline-offset: 1px;
  }
  .field:has(input[aria-invalid='true']) {
    border-color: var(--_danger);
  }
  :host([disabled]) .field {
    background: var(--_bg-alt);
    cursor: not-allowed;
  }

  ul {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) / 2);
    margin-block: 0;
    margin-inline: 0;
    padding-block: 0;
    padding-inline: 0;
    list-style: none;
    max-inline-size: 100%;
  }

  li {
    display: inline-flex;
    align-items: center;
    gap: calc(var(--_space) / 4);
    max-inline-size: 100%;
    padding-block: 1px;
    padding-inline-start: var(--_space);
    padding-inline-end: 1px;
    background: var(--_tag-bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    cursor: default;
  }
  li:focus-within {
    border-color: var(--_focus);
  }
  .tag-text {
    overflow-wrap: anywhere;
  }

  button {
    display: inline-grid;
    place-items: center;
    min-inline-size: 24px;
    min-block-size: 24px;
    padding-block: 0;
    padding-inline: 0;
    background: transparent;
    border: none;
    border-radius: var(--_radius);
    line-height: 1;
  }
  button:hover:not(:disabled) {
    background: var(--_bg);
    color: var(--_danger);
  }

  input {
    flex: 1 1 8em;
    min-inline-size: 8em;
    inline-size: auto;
    border: none;
    outline: none;
    background: transparent;
    padding-block: calc(var(--_space) / 4);
    padding-inline: calc(var(--_space) / 2);
  }
  input:disabled {
    cursor: not-allowed;
  }

  .below {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    margin-block-start: calc(var(--_space) / 2);
    font-size: 0.9em;
  }
  .below p {
    margin-block: 0;
    margin-inline: 0;
  }
  .counter {
    margin-inline-start: auto;
  }
  .counter.over {
    color: var(--_danger);
  }
  /* Out of the way until the agent is in the field or near the limit; still in aria-describedby. */
  :host(:not(:focus-within)) .counter:not(.over):not(.near) {
    visibility: hidden;
  }

  /* Tags used before (issue #18): in the flow under the field, so a narrow gadget never clips it. */
  [role='listbox'] {
    display: block;
    max-block-size: var(--cc-tag-suggestions-max-height, 12em);
    overflow-y: auto;
    margin-block-start: calc(var(--_space) / 4);
    padding-block: calc(var(--_space) / 4);
    background: var(--_bg);
    border: 1px solid var(--_input-border);
    border-radius: var(--_radius);
  }
  [role='listbox'][hidden] {
    display: none;
  }
  [role='option'] {
    display: flex;
    justify-content: space-between;
    gap: var(--_space);
    padding-block: calc(var(--_space) / 2);
    padding-inline: var(--_space);
    background: transparent;
    border: none;
    border-radius: 0;
    cursor: pointer;
  }
  [role='option']:hover,
  [role='option'][aria-selected='true'] {
    background: var(--_accent);
    color: var(--_accent-fg);
  }
  .suggestion-text {
    overflow-wrap: anywhere;
  }
  .uses {
    flex: none;
    font-size: 0.9em;
  }
`;
