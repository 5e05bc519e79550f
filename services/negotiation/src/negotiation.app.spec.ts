import { describeServiceFoundation } from '#libs/testing';
import { IMMUTABLE_TABLES, negotiationApp } from './negotiation.app.js';

describeServiceFoundation(negotiationApp, ['outbox', 'inbox', 'processed_commands', 'projection_versions', 'offers', 'terms_versions', 'contracts', 'pending_accepts', 'negotiation_policies', 'messages', 'submissions', 'grant_copies', 'audit_log'], { immutableTables: IMMUTABLE_TABLES });
