/** Machine-readable reasons a value is refused by the model. */
export type ValidationCode =
  | 'text-too-long'
  | 'tag-too-long'
  | 'tag-empty'
  | 'tag-duplicate'
  | 'too-many-items'
  | 'required'
  | 'invalid';

/**
 * A value broke a rule of the model. `field` names the field (dotted path,
 * e.g. `tags.2` or `from.email`), `rule` the rule in words a developer can read.
 */
export class ValidationError extends Error {
  override readonly name = 'ValidationError';
  readonly code: ValidationCode;
  readonly field: string;
  readonly rule: string;
  readonly limit: number | undefined;

  constructor(code: ValidationCode, field: string, rule: string, limit?: number) {
    super(`${field}: ${rule}`);
    this.code = code;
    this.field = field;
    this.rule = rule;
    this.limit = limit;
  }
}

/** Codes a refused host event carries (`cc-error` detail and `receive()` result). */
export type HostErrorCode =
  | 'invalid-event'
  | 'unknown-event'
  | 'out-of-order'
  | 'store-error'
  /** No backend can be made from the element's configuration (credentials in `couchdb-url`, not a URL, an invalid database name). */
  | 'config-error';

/** A host event was refused. Never thrown out of `receive()`: returned and fired as `cc-error`. */
export class HostEventError extends Error {
  override readonly name = 'HostEventError';
  readonly code: HostErrorCode;
  readonly field: string | undefined;

  constructor(code: HostErrorCode, message: string, field?: string) {
    super(message);
    this.code = code;
    this.field = field;
  }
}
