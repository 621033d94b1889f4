/** Must equal package.json's version: test/package/version.test.ts fails the build otherwise. */
export const PACKAGE_VERSION = '0.1.0';
export const USER_AGENT = `vaxelia-ai-otel/${PACKAGE_VERSION}`;
