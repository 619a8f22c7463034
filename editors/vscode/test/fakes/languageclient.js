// A stand-in for vscode-languageclient/node's LanguageClient that records how
// the extension constructs, starts and stops it.
'use strict';

const record = {
  clients: [],
  // When set, start() rejects with this message.
  startFailure: undefined,
  reset() {
    this.clients = [];
    this.startFailure = undefined;
  },
};

class LanguageClient {
  constructor(id, name, serverOptions, clientOptions) {
    Object.assign(this, { id, name, serverOptions, clientOptions, state: 'new' });
    record.clients.push(this);
  }
  async start() {
    if (record.startFailure !== undefined) {
      this.state = 'failed';
      throw new Error(record.startFailure);
    }
    this.state = 'running';
  }
  async stop() {
    this.state = 'stopped';
  }
}

module.exports = { LanguageClient, record };
