/** Kept in step with package.json by the release script. */
export const PACKAGE_VERSION = '0.1.0';
export const USER_AGENT = `vaxelia-ai-otel/${PACKAGE_VERSION}`;
