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
        return m
    }
}
