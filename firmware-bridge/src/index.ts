/** @callboard/firmware-bridge: serial peripherals ↔ the hub's MQTT device topics. */
export { BRIDGE_VERSION, Bridge } from './bridge';
export { type BridgeConfig, BridgeConfigError, loadBridgeConfig, resolveBridgeConfig } from './config';
export { type Emulation, startEmulation } from './emulate';
export { TEST_CARDS, type TestCard } from './emulators/idcard-sam/cards';
export { openPtyPair, type PtyPair } from './emulators/pty';
export { createLogger, type Logger, setLogSink } from './log';
