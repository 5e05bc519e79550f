import { describeServiceFoundation } from '#libs/testing';
import { rosterApp } from './roster.app.js';

describeServiceFoundation(rosterApp, ['outbox', 'inbox', 'projection_versions', 'roster_memberships', 'creator_profiles', 'rate_cards', 'rate_changes', 'processed_commands']);
