/** The part of the `smpp` package (CommonJS, no types of its own) the hub and its tests use. */
declare module 'smpp' {
  import type { EventEmitter } from 'node:events';

  export interface Pdu {
    command: string;
    command_status: number;
    sequence_number: number;
    message_id?: string;
    esm_class?: number;
    destination_addr?: string;
    source_addr?: string;
    data_coding?: number;
    short_message?: { message?: string | Buffer; udh?: Buffer[] } | Buffer;
    receipted_message_id?: string;
    message_state?: number;
    system_id?: string;
    password?: string;
    response(fields?: Record<string, unknown>): Pdu;
  }

  export class Session extends EventEmitter {
    send(pdu: Pdu, callback?: (pdu: Pdu) => void): boolean;
    bind_transceiver(fields: Record<string, unknown>, callback?: (pdu: Pdu) => void): boolean;
    submit_sm(fields: Record<string, unknown>, callback?: (pdu: Pdu) => void): boolean;
    deliver_sm(fields: Record<string, unknown>, callback?: (pdu: Pdu) => void): boolean;
    enquire_link(fields?: Record<string, unknown>, callback?: (pdu: Pdu) => void): boolean;
    unbind(fields?: Record<string, unknown>, callback?: (pdu: Pdu) => void): boolean;
    close(callback?: () => void): void;
    destroy(callback?: () => void): void;
    pause(): void;
    resume(): void;
    socket: import('node:net').Socket;
  }

  export class Server extends EventEmitter {
    listen(port: number, host?: string, callback?: () => void): this;
    close(callback?: () => void): void;
    address(): import('node:net').AddressInfo;
  }

  export function connect(options: Record<string, unknown>, listener?: () => void): Session;
  export function createServer(listener: (session: Session) => void): Server;

  export const ESME_ROK: number;
  export const ESME_RSYSERR: number;
  export const ESME_RINVDSTADR: number;
  export const ESME_RMSGQFUL: number;
  export const ESME_RTHROTTLED: number;
  export const ESME_RBINDFAIL: number;
  export const ESM_CLASS: { MC_DELIVERY_RECEIPT: number; UDH_INDICATOR: number };
  const smpp: {
    connect: typeof connect;
    createServer: typeof createServer;
    ESME_ROK: number;
    ESME_RSYSERR: number;
    ESME_RINVDSTADR: number;
    ESME_RMSGQFUL: number;
    ESME_RTHROTTLED: number;
    ESME_RBINDFAIL: number;
    ESM_CLASS: { MC_DELIVERY_RECEIPT: number; UDH_INDICATOR: number };
  };
  export default smpp;
}
