// oidc-provider's storage, in this process's memory. One store for the whole process, so that the
// provider rebuilt by a key rotation still finds the sessions, codes and grants of the one before it.

const records = new Map(); // "Model:id" -> { payload, expiresAt }
const grantMembers = new Map(); // grantId -> Set of "Model:id" issued under that grant

function now() {
  return Math.floor(Date.now() / 1000);
}

function live(key) {
  const record = records.get(key);
  if (!record) {
    return undefined;
  }
  if (record.expiresAt !== undefined && record.expiresAt <= now()) {
    records.delete(key);
    return undefined;
  }
  return record.payload;
}

function copy(payload) {
  return payload === undefined ? undefined : structuredClone(payload);
}

export class MemoryAdapter {
  constructor(model) {
    this.model = model;
  }

  key(id) {
    return `${this.model}:${id}`;
  }

  async upsert(id, payload, expiresIn) {
    const key = this.key(id);
    // Copies in and out: the provider must not change a stored record by changing its own object.
    records.set(key, { payload: structuredClone(payload), expiresAt: expiresIn ? now() + expiresIn : undefined });
    if (payload.grantId) {
      if (!grantMembers.has(payload.grantId)) {
        grantMembers.set(payload.grantId, new Set());
      }
      grantMembers.get(payload.grantId).add(key);
    }
  }

  async find(id) {
    return copy(live(this.key(id)));
  }

  async findByUid(uid) {
    for (const key of records.keys()) {
      if (key.startsWith(`${this.model}:`) && live(key)?.uid === uid) {
        return copy(live(key));
      }
    }
    return undefined;
  }

  async findByUserCode(userCode) {
    for (const key of records.keys()) {
      if (key.startsWith(`${this.model}:`) && live(key)?.userCode === userCode) {
        return copy(live(key));
      }
    }
    return undefined;
  }

  async consume(id) {
    const payload = live(this.key(id));
    if (payload) {
      payload.consumed = now();
    }
  }

  async destroy(id) {
    records.delete(this.key(id));
  }

  async revokeByGrantId(grantId) {
    for (const key of grantMembers.get(grantId) ?? []) {
      records.delete(key);
    }
    grantMembers.delete(grantId);
  }
}
