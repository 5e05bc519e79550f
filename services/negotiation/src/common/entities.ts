import { Offer, TermsVersion, Contract, PendingAccept } from '../offers/offer.entities.js';
import { NegotiationPolicy } from '../policy/policy.entity.js';
import { Message } from '../messages/message.entity.js';
import { Submission } from '../feedback/submission.entity.js';
import { AuditEntry } from '../audit/audit-entry.entity.js';
import { Payment, CommissionVersion } from '../payments/payment.entities.js';
import { Cancellation } from '../cancellation/cancellation.entity.js';
import { Signature } from '../contract/signature.entity.js';

export const NEGOTIATION_ENTITIES = [Offer, TermsVersion, Contract, PendingAccept, NegotiationPolicy, Message, Submission, AuditEntry, Payment, CommissionVersion, Cancellation, Signature];
