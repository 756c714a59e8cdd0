/**
 * Fires a typed, bubbling, composed event from `host`. Returns false when a
 * cancelable event was cancelled (`preventDefault()`), so the caller can stop.
 * Elements fire only on user action, never because code set a property.
 */
export function emit<K extends keyof GlobalEventHandlersEventMap>(
  host: EventTarget,
  type: K,
  detail: GlobalEventHandlersEventMap[K] extends CustomEvent<infer D> ? D : never,
  options: { cancelable?: boolean } = {},
): boolean {
  return host.dispatchEvent(
    new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable: options.cancelable ?? false }),
  );
}
