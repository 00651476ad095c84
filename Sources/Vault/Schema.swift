import GRDB

/// The database schema, as GRDB migrations. Every table carries `practice_id`; PHI lives only in
/// `sealed*` columns (AES-256-GCM blobs, see `Sealing`); look-ups go through `*_idx` blind indexes.
enum Schema {
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.execute(sql: """
            CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

            -- Data keys, each wrapped by a key-encryption key from the key file. Deleting a row shreds
            -- everything sealed under it.
            CREATE TABLE data_keys (
                id TEXT PRIMARY KEY,
                practice_id TEXT NOT NULL,
                owner TEXT NOT NULL,
                kek_id TEXT NOT NULL,
                wrapped BLOB NOT NULL,
                created_ms INTEGER NOT NULL
            );
            CREATE INDEX data_keys_owner ON data_keys(practice_id, owner);

            CREATE TABLE patients (
                id TEXT PRIMARY KEY,
                practice_id TEXT NOT NULL,
                key_id TEXT NOT NULL,
                phone_idx BLOB,
                name_dob_idx BLOB,
                sealed BLOB NOT NULL,
                created_ms INTEGER NOT NULL,
                updated_ms INTEGER NOT NULL
            );
            CREATE INDEX patients_practice ON patients(practice_id);
            CREATE INDEX patients_phone ON patients(phone_idx);
            CREATE INDEX patients_name_dob ON patients(name_dob_idx);

            -- The schedule: ids, provider, times and status in clear (the conflict check reads them);
            -- the patient is only an opaque id.
            CREATE TABLE appointments (
                id TEXT PRIMARY KEY,
                practice_id TEXT NOT NULL,
                patient_id TEXT,
                type_id TEXT,
                provider_id TEXT NOT NULL,
                start_min INTEGER NOT NULL,
                minutes INTEGER NOT NULL,
                status TEXT NOT NULL,
                updated_ms INTEGER NOT NULL
            );
            CREATE INDEX appointments_slot ON appointments(practice_id, provider_id, start_min);
            CREATE INDEX appointments_start ON appointments(practice_id, start_min);
            CREATE INDEX appointments_patient ON appointments(patient_id);

            CREATE TABLE calls (
                id TEXT PRIMARY KEY,
                practice_id TEXT NOT NULL,
                patient_id TEXT,
                key_id TEXT NOT NULL,
                caller_idx BLOB,
                sealed_caller BLOB,
                started_ms INTEGER NOT NULL,
                ended_ms INTEGER,
                entry_count INTEGER NOT NULL DEFAULT 0,
                sealed_summary BLOB
            );
            CREATE INDEX calls_practice ON calls(practice_id, started_ms);
            CREATE INDEX calls_patient ON calls(patient_id);
            CREATE INDEX calls_caller ON calls(caller_idx);

            -- Transcript lines ('t') and outcome-event batches ('e'), appended turn by turn.
            CREATE TABLE call_entries (
                call_id TEXT NOT NULL,
                seq INTEGER NOT NULL,
                practice_id TEXT NOT NULL,
                kind TEXT NOT NULL,
                at_ms INTEGER NOT NULL,
                sealed BLOB NOT NULL,
                PRIMARY KEY (call_id, seq)
            ) WITHOUT ROWID;

            CREATE TABLE messages (
                id TEXT PRIMARY KEY,
                practice_id TEXT NOT NULL,
                key_id TEXT NOT NULL,
                callback_idx BLOB,
                created_ms INTEGER NOT NULL,
                sealed BLOB NOT NULL
            );
            CREATE INDEX messages_practice ON messages(practice_id);
            CREATE INDEX messages_callback ON messages(callback_idx);

            CREATE TABLE refills (
                id TEXT PRIMARY KEY,
                practice_id TEXT NOT NULL,
                patient_id TEXT,
                key_id TEXT NOT NULL,
                callback_idx BLOB,
                created_ms INTEGER NOT NULL,
                sealed BLOB NOT NULL
            );
            CREATE INDEX refills_practice ON refills(practice_id);
            CREATE INDEX refills_patient ON refills(patient_id);
            CREATE INDEX refills_callback ON refills(callback_idx);

            -- The audit trail: append-only, hash-chained (see Audit). Never PHI: resource type and id only.
            CREATE TABLE audit_events (
                seq INTEGER PRIMARY KEY,
                at_ms INTEGER NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                resource_type TEXT NOT NULL,
                resource_id TEXT NOT NULL,
                practice_id TEXT NOT NULL,
                channel TEXT NOT NULL,
                outcome TEXT NOT NULL,
                prev_hash BLOB NOT NULL,
                hash BLOB NOT NULL
            );
            CREATE INDEX audit_events_at ON audit_events(at_ms);
            CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
                BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
            CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
                BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
            """)
        }
        // Retention finds everything sealed under a data key before destroying it.
        m.registerMigration("v2-key-indexes") { db in
            try db.execute(sql: """
            CREATE INDEX patients_key ON patients(key_id);
            CREATE INDEX calls_key ON calls(key_id);
            CREATE INDEX messages_key ON messages(key_id);
            CREATE INDEX refills_key ON refills(key_id);
            """)
        }
        // Leads and consents (PHI sealed), dashboard users, sessions and API tokens (secrets stored as hashes
        // only), and the permit that lets retention purge the oldest audit events behind a signed anchor.
        m.registerMigration("v3-leads-consents-users") { db in
            try db.execute(sql: """
            -- Web-form leads to call back: everything that names the person is sealed under the lead's own key.
            CREATE TABLE leads (
                id TEXT PRIMARY KEY,
                practice_id TEXT NOT NULL,
                key_id TEXT NOT NULL,
                phone_idx BLOB,
                status TEXT NOT NULL,
                sealed BLOB NOT NULL,
                created_ms INTEGER NOT NULL,
                updated_ms INTEGER NOT NULL
            );
            CREATE INDEX leads_practice ON leads(practice_id, created_ms);
            CREATE INDEX leads_phone ON leads(phone_idx);
            CREATE INDEX leads_key ON leads(key_id);

            -- Consents given or withdrawn by a patient or a lead; the evidence (if any) is sealed under the
            -- subject's data key, so erasing or expiring the subject shreds it too.
            CREATE TABLE consents (
                id TEXT PRIMARY KEY,
                practice_id TEXT NOT NULL,
                subject_type TEXT NOT NULL,
                subject_id TEXT NOT NULL,
                kind TEXT NOT NULL,
                granted INTEGER NOT NULL,
                at_ms INTEGER NOT NULL,
                channel TEXT NOT NULL,
                key_id TEXT,
                sealed BLOB
            );
            CREATE INDEX consents_subject ON consents(practice_id, subject_type, subject_id, at_ms);
            CREATE INDEX consents_key ON consents(key_id);

            -- Staff accounts for the dashboard. The password hash is opaque here; the TOTP secret is sealed.
            CREATE TABLE users (
                id TEXT PRIMARY KEY,
                practice_id TEXT NOT NULL,
                username TEXT NOT NULL,
                role TEXT NOT NULL,
                password_hash TEXT NOT NULL,
                key_id TEXT,
                sealed_totp BLOB,
                mfa_enrolled INTEGER NOT NULL DEFAULT 0,
                failed_attempts INTEGER NOT NULL DEFAULT 0,
                locked_until_ms INTEGER,
                disabled INTEGER NOT NULL DEFAULT 0,
                created_ms INTEGER NOT NULL,
                UNIQUE (practice_id, username)
            );

            -- Dashboard sessions: the session token is never stored, only its SHA-256.
            CREATE TABLE sessions (
                token_hash BLOB PRIMARY KEY,
                practice_id TEXT NOT NULL,
                user_id TEXT NOT NULL,
                created_ms INTEGER NOT NULL,
                last_seen_ms INTEGER NOT NULL,
                expires_ms INTEGER NOT NULL,
                ip TEXT,
                user_agent_hash BLOB
            ) WITHOUT ROWID;
            CREATE INDEX sessions_user ON sessions(practice_id, user_id);

            -- API tokens: only the SHA-256 of the token is stored.
            CREATE TABLE api_tokens (
                id TEXT PRIMARY KEY,
                practice_id TEXT NOT NULL,
                token_hash BLOB NOT NULL UNIQUE,
                user_id TEXT NOT NULL,
                name TEXT NOT NULL,
                scopes TEXT NOT NULL,
                created_ms INTEGER NOT NULL,
                last_used_ms INTEGER,
                revoked_ms INTEGER
            );
            CREATE INDEX api_tokens_user ON api_tokens(practice_id, user_id);

            -- Audit events stay append-only, except that retention may purge the oldest ones (at least six
            -- years old) up to a permit it writes, in the same transaction, after signing the anchor file.
            CREATE TABLE audit_purge_permit (upto INTEGER NOT NULL);
            DROP TRIGGER audit_events_no_delete;
            CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
                WHEN NOT EXISTS (SELECT 1 FROM audit_purge_permit WHERE upto >= OLD.seq)
                BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
            """)
        }
        // TOTP replay guard: the last accepted time step per user, so a code cannot be used twice, not even
        // across a restart of the server. Expired sessions are purged by `expires_ms`.
        m.registerMigration("v4-totp-step-session-expiry") { db in
            try db.execute(sql: """
            ALTER TABLE users ADD COLUMN last_totp_step INTEGER;
            CREATE INDEX sessions_expiry ON sessions(expires_ms);
            """)
        }
        return m
    }
}
