-- pg_dump --inserts of a database made by redress 0.1.0; __SCHEMA__ is the schema to load it into


SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

SET default_tablespace = '';

SET default_table_access_method = heap;

CREATE TABLE __SCHEMA__.alembic_version (
    version_num character varying(32) NOT NULL
);

CREATE TABLE __SCHEMA__.alert (
    id integer NOT NULL,
    case_id integer,
    deadline_seq integer,
    kind character varying(30) NOT NULL,
    recipient character varying(200) NOT NULL,
    address text DEFAULT ''::text NOT NULL,
    subject text NOT NULL,
    message text NOT NULL,
    created_at timestamp without time zone NOT NULL,
    seen_at timestamp without time zone,
    seen_by character varying(200)
);

CREATE SEQUENCE __SCHEMA__.alert_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE __SCHEMA__.alert_id_seq OWNED BY __SCHEMA__.alert.id;

CREATE TABLE __SCHEMA__.case_event (
    id integer NOT NULL,
    case_id integer NOT NULL,
    seq integer NOT NULL,
    action character varying(100) NOT NULL,
    actor character varying(200) NOT NULL,
    from_state character varying(100),
    to_state character varying(100) NOT NULL,
    fields text NOT NULL,
    changes text NOT NULL,
    clock_at timestamp without time zone NOT NULL,
    recorded_at timestamp without time zone NOT NULL,
    prev_hash character varying(64) NOT NULL,
    hash character varying(64) NOT NULL
);

CREATE SEQUENCE __SCHEMA__.case_event_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE __SCHEMA__.case_event_id_seq OWNED BY __SCHEMA__.case_event.id;

CREATE TABLE __SCHEMA__.complaint_case (
    id integer NOT NULL,
    ref character varying(64) NOT NULL,
    workflow character varying(200) NOT NULL,
    digest character varying(64) NOT NULL,
    state character varying(100) NOT NULL,
    received date NOT NULL,
    received_at timestamp without time zone NOT NULL,
    resident text NOT NULL,
    email character varying(320),
    channel character varying(10) NOT NULL,
    summary text NOT NULL,
    data text NOT NULL,
    handlers text NOT NULL,
    version integer NOT NULL,
    last_event_at timestamp without time zone NOT NULL,
    created_at timestamp without time zone NOT NULL,
    event_count integer NOT NULL,
    head_hash character varying(64) NOT NULL,
    address text DEFAULT ''::text NOT NULL,
    adjustments text DEFAULT '{}'::text NOT NULL
);

CREATE SEQUENCE __SCHEMA__.complaint_case_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE __SCHEMA__.complaint_case_id_seq OWNED BY __SCHEMA__.complaint_case.id;

CREATE TABLE __SCHEMA__.deadline (
    id integer NOT NULL,
    case_id integer NOT NULL,
    seq integer NOT NULL,
    name character varying(100) NOT NULL,
    code character varying(50) NOT NULL,
    started_on date NOT NULL,
    due date NOT NULL,
    due_at timestamp without time zone,
    status character varying(20) NOT NULL,
    completed_at timestamp without time zone,
    extended_by integer NOT NULL,
    note text DEFAULT ''::text NOT NULL,
    breached_at timestamp without time zone
);

CREATE SEQUENCE __SCHEMA__.deadline_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE __SCHEMA__.deadline_id_seq OWNED BY __SCHEMA__.deadline.id;

CREATE TABLE __SCHEMA__.letter (
    id integer NOT NULL,
    case_id integer NOT NULL,
    seq integer NOT NULL,
    event_seq integer NOT NULL,
    kind character varying(100) NOT NULL,
    action character varying(100) NOT NULL,
    channel character varying(10) NOT NULL,
    recipient text NOT NULL,
    subject text NOT NULL,
    text text NOT NULL,
    html text NOT NULL,
    large_print boolean NOT NULL,
    dispatch character varying(20) NOT NULL,
    template text NOT NULL,
    content_hash character varying(64) NOT NULL,
    created_at timestamp without time zone NOT NULL
);

CREATE SEQUENCE __SCHEMA__.letter_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE __SCHEMA__.letter_id_seq OWNED BY __SCHEMA__.letter.id;

CREATE TABLE __SCHEMA__.outbox (
    id integer NOT NULL,
    case_id integer,
    letter_id integer,
    alert_id integer,
    channel character varying(10) NOT NULL,
    state character varying(20) NOT NULL,
    step character varying(20) DEFAULT ''::character varying NOT NULL,
    attempts integer DEFAULT 0 NOT NULL,
    next_attempt_at timestamp without time zone NOT NULL,
    claimed_by character varying(100),
    claimed_until timestamp without time zone,
    message_id text DEFAULT ''::text NOT NULL,
    message bytea,
    sender text DEFAULT ''::text NOT NULL,
    recipient text DEFAULT ''::text NOT NULL,
    reply text DEFAULT ''::text NOT NULL,
    last_error text DEFAULT ''::text NOT NULL,
    created_at timestamp without time zone NOT NULL,
    updated_at timestamp without time zone NOT NULL,
    sent_at timestamp without time zone,
    resolved_by character varying(200),
    note text DEFAULT ''::text NOT NULL
);

CREATE SEQUENCE __SCHEMA__.outbox_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE __SCHEMA__.outbox_id_seq OWNED BY __SCHEMA__.outbox.id;

CREATE TABLE __SCHEMA__.timer_job (
    id integer NOT NULL,
    case_id integer NOT NULL,
    deadline_seq integer NOT NULL,
    kind character varying(20) NOT NULL,
    due_at timestamp without time zone NOT NULL,
    state character varying(20) NOT NULL,
    detail text NOT NULL,
    created_at timestamp without time zone NOT NULL,
    fired_at timestamp without time zone,
    fired_by character varying(100),
    outcome text DEFAULT ''::text NOT NULL
);

CREATE SEQUENCE __SCHEMA__.timer_job_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE __SCHEMA__.timer_job_id_seq OWNED BY __SCHEMA__.timer_job.id;

CREATE TABLE __SCHEMA__.workflow_definition (
    digest character varying(64) NOT NULL,
    name character varying(200) NOT NULL,
    resolved text NOT NULL,
    created_at timestamp without time zone NOT NULL
);

ALTER TABLE ONLY __SCHEMA__.alert ALTER COLUMN id SET DEFAULT nextval('__SCHEMA__.alert_id_seq'::regclass);

ALTER TABLE ONLY __SCHEMA__.case_event ALTER COLUMN id SET DEFAULT nextval('__SCHEMA__.case_event_id_seq'::regclass);

ALTER TABLE ONLY __SCHEMA__.complaint_case ALTER COLUMN id SET DEFAULT nextval('__SCHEMA__.complaint_case_id_seq'::regclass);

ALTER TABLE ONLY __SCHEMA__.deadline ALTER COLUMN id SET DEFAULT nextval('__SCHEMA__.deadline_id_seq'::regclass);

ALTER TABLE ONLY __SCHEMA__.letter ALTER COLUMN id SET DEFAULT nextval('__SCHEMA__.letter_id_seq'::regclass);

ALTER TABLE ONLY __SCHEMA__.outbox ALTER COLUMN id SET DEFAULT nextval('__SCHEMA__.outbox_id_seq'::regclass);

ALTER TABLE ONLY __SCHEMA__.timer_job ALTER COLUMN id SET DEFAULT nextval('__SCHEMA__.timer_job_id_seq'::regclass);

INSERT INTO __SCHEMA__.alembic_version VALUES ('0003');

INSERT INTO __SCHEMA__.alert VALUES (1, 1, 2, 'reminder', 'j.patel', 'complaints@example-homes.example', 'Reminder: Stage 1 response on case 2026-00001 is due Wed 25 Nov 2026', 'Reminder: Stage 1 response on case 2026-00001 is due Wed 25 Nov 2026. That is 2 working days from today. Code 6.3. Case state: stage1.', '2026-11-23 09:00:00', NULL, NULL);
INSERT INTO __SCHEMA__.alert VALUES (2, 2, 1, 'reminder', 'team', 'complaints@example-homes.example', 'Reminder: Acknowledge within 3 working days on case 2026-00002 is due Thu 12 Nov 2026', 'Reminder: Acknowledge within 3 working days on case 2026-00002 is due Thu 12 Nov 2026. That is 2 working days from today. Code 6.2. Case state: received.', '2026-11-10 09:00:00', NULL, NULL);
INSERT INTO __SCHEMA__.alert VALUES (3, 2, 2, 'reminder', 'complaints.team', 'complaints@example-homes.example', 'Reminder: Stage 1 response on case 2026-00002 is due Tue 24 Nov 2026', 'Reminder: Stage 1 response on case 2026-00002 is due Tue 24 Nov 2026. That is 2 working days from today. Code 6.3. Case state: stage1.', '2026-11-20 09:00:00', NULL, NULL);
INSERT INTO __SCHEMA__.alert VALUES (4, 3, 1, 'reminder', 'team', 'complaints@example-homes.example', 'Reminder: Acknowledge, define and log at stage 1 on case 2026-00003 is due Tue 08 Dec 2026', 'Reminder: Acknowledge, define and log at stage 1 on case 2026-00003 is due Tue 08 Dec 2026. That is 2 working days from today. Code 6.2. Case state: received.', '2026-12-04 09:00:00', NULL, NULL);
INSERT INTO __SCHEMA__.alert VALUES (5, 3, 1, 'breach', 'complaints.team', 'complaints@example-homes.example', 'Breach: Acknowledge, define and log at stage 1 on case 2026-00003 was due Tue 08 Dec 2026', 'Breach: Acknowledge, define and log at stage 1 on case 2026-00003 was due Tue 08 Dec 2026 and has not been met (Code 6.2). The breach is recorded on the case.', '2026-12-09 00:00:00', NULL, NULL);
INSERT INTO __SCHEMA__.alert VALUES (6, 3, 1, 'breach', 'team', 'complaints@example-homes.example', 'Breach: Acknowledge, define and log at stage 1 on case 2026-00003 was due Tue 08 Dec 2026', 'Breach: Acknowledge, define and log at stage 1 on case 2026-00003 was due Tue 08 Dec 2026 and has not been met (Code 6.2). The breach is recorded on the case.', '2026-12-09 00:00:00', NULL, NULL);

INSERT INTO __SCHEMA__.case_event VALUES (1, 1, 1, 'open', 'complaints.team', NULL, 'received', '{"received":"2026-11-02","resident":"Ms Alice Example"}', '[{"change":"started","deadline":"acknowledge","due":"2026-11-09"}]', '2026-11-02 09:00:00', '2026-11-29 19:32:37.928551', '0000000000000000000000000000000000000000000000000000000000000000', 'f962e78a6ea4345ad71bd884a87a9a277856a16e336599ee84e29bf5546c960a');
INSERT INTO __SCHEMA__.case_event VALUES (2, 1, 2, 'acknowledge', 'complaints.team', 'received', 'stage1', '{"complaint_definition":"Damp and mould in the back bedroom, reported three times since June and not put right.","outcomes_sought":"Find the cause, treat the mould, redecorate, and recognise the delay.","responsibility":"The walls, windows and ventilation are ours to repair. Furniture and belongings are covered by your contents insurance."}', '[{"change":"met","deadline":"acknowledge","due":"2026-11-09"},{"change":"started","deadline":"stage1_response","due":"2026-11-18"}]', '2026-11-04 10:00:00', '2026-11-29 19:32:37.996266', 'f962e78a6ea4345ad71bd884a87a9a277856a16e336599ee84e29bf5546c960a', '4820e6ab06ed471956e9b617b70948a18b58f52c837ddbcbcdc33d7f51d35638');
INSERT INTO __SCHEMA__.case_event VALUES (3, 1, 3, 'extend', 'j.patel', 'stage1', 'stage1', '{"reason":"A damp survey is booked for 20 November and its findings decide the remedy.","working_days":"5"}', '[{"change":"extended","code":"6.4","deadline":"stage1_response","due":"2026-11-25","previous_due":"2026-11-18","working_days":5}]', '2026-11-13 10:00:00', '2026-11-29 19:32:38.061434', '4820e6ab06ed471956e9b617b70948a18b58f52c837ddbcbcdc33d7f51d35638', '04ce79682a2c6bc7bc7fbf67c7f1e90526dcc72bd686d0cfdea91d9411743eb7');
INSERT INTO __SCHEMA__.case_event VALUES (4, 1, 4, 'respond', 'j.patel', 'stage1', 'stage1_responded', '{"decision":"Upheld","outstanding_actions":"Redecoration booked for 4 December 2026.","reasons":"Repairs were not completed within our published timescales.","remedy":"Mould treatment and redecoration, and \u00a3150 for the time and trouble."}', '[{"change":"met","deadline":"stage1_response","due":"2026-11-25"},{"change":"started","deadline":"escalation_window","due":"2026-12-21"}]', '2026-11-23 10:00:00', '2026-11-29 19:32:38.148493', '04ce79682a2c6bc7bc7fbf67c7f1e90526dcc72bd686d0cfdea91d9411743eb7', '0825e86774fdf0b12bacb616b234498a6a0c51bc6669e309700db63a71738e24');
INSERT INTO __SCHEMA__.case_event VALUES (5, 1, 5, 'escalate', 'complaints.team', 'stage1_responded', 'stage2_requested', '{}', '[{"change":"met","deadline":"escalation_window","due":"2026-12-21"},{"change":"started","deadline":"stage2_acknowledge","due":"2026-12-02"}]', '2026-11-25 10:00:00', '2026-11-29 19:32:38.175898', '0825e86774fdf0b12bacb616b234498a6a0c51bc6669e309700db63a71738e24', 'cf131efa5b9c5b80fa5bf968f3bda10876f3ad641bd8fdc6e33f49daefadb063');
INSERT INTO __SCHEMA__.case_event VALUES (6, 1, 6, 'acknowledge', 'complaints.team', 'stage2_requested', 'stage2', '{"complaint_definition":"The resident says \u00a3150 does not reflect six months of damp.","outcomes_sought":"A higher award and a follow-up inspection."}', '[{"change":"met","deadline":"stage2_acknowledge","due":"2026-12-02"},{"change":"started","deadline":"stage2_response","due":"2026-12-29"}]', '2026-11-27 10:00:00', '2026-11-29 19:32:38.212908', 'cf131efa5b9c5b80fa5bf968f3bda10876f3ad641bd8fdc6e33f49daefadb063', 'baff00db9a2df0fa2517b9b3ae0b5c75e8f64ea2966d39acfbed2f854bc70aab');
INSERT INTO __SCHEMA__.case_event VALUES (7, 1, 7, 'respond', 's.khan', 'stage2', 'stage2_responded', '{"decision":"Partly upheld","outstanding_actions":"Inspection on 12 January 2027.","reasons":"The award did not reflect the length of the problem.","remedy":"Award increased to \u00a3400; follow-up inspection in January."}', '[{"change":"met","deadline":"stage2_response","due":"2026-12-29"}]', '2026-12-14 10:00:00', '2026-11-29 19:32:38.264195', 'baff00db9a2df0fa2517b9b3ae0b5c75e8f64ea2966d39acfbed2f854bc70aab', '78cd488cba63172e308114fe0a088e6eb34f843e7804799afbd3fb9664e28436');
INSERT INTO __SCHEMA__.case_event VALUES (8, 1, 8, 'close', 'complaints.team', 'stage2_responded', 'closed', '{}', '[]', '2026-12-16 10:00:00', '2026-11-29 19:32:38.280412', '78cd488cba63172e308114fe0a088e6eb34f843e7804799afbd3fb9664e28436', '0a6b6720cb2abdc7ed0eaede6ba2df44ab9fb9bfd191936ae7d34bb7142ab167');
INSERT INTO __SCHEMA__.case_event VALUES (9, 2, 1, 'open', 'complaints.team', NULL, 'received', '{"adjustment.large_print":"yes","received":"2026-11-09","resident":"Mr Ben Sample"}', '[{"change":"started","deadline":"acknowledge","due":"2026-11-12"}]', '2026-11-09 09:00:00', '2026-11-29 19:32:38.319692', '0000000000000000000000000000000000000000000000000000000000000000', 'ce8555d83d8faa1b6e20af6b7f744dd3663375ac4e3ca7c54847cec66a391a51');
INSERT INTO __SCHEMA__.case_event VALUES (10, 2, 2, 'acknowledge', 'complaints.team', 'received', 'stage1', '{"complaint_definition":"Two missed repair appointments for a broken boiler.","investigating_team":"Repairs","outcomes_sought":"A fixed appointment and compensation.","responsibility":"The boiler and its servicing are ours. Gas supply faults are the gas network''s."}', '[{"change":"met","deadline":"acknowledge","due":"2026-11-12"},{"change":"started","deadline":"stage1_response","due":"2026-11-24"}]', '2026-11-12 10:00:00', '2026-11-29 19:32:38.875177', 'ce8555d83d8faa1b6e20af6b7f744dd3663375ac4e3ca7c54847cec66a391a51', '235369dcfe1f3eb94069f72d94c61e947d8004dc3e99a08ed4df41faa6717efe');
INSERT INTO __SCHEMA__.case_event VALUES (11, 2, 3, 'respond', 'repairs.lead', 'stage1', 'stage1_responded', '{"decision":"Upheld","outstanding_actions":"none","reasons":"Both appointments were missed by our contractor.","remedy":"Boiler repaired 20 November; \u00a350 goodwill."}', '[{"change":"met","deadline":"stage1_response","due":"2026-11-24"},{"change":"started","deadline":"escalation_window","due":"2026-12-22"}]', '2026-11-24 10:00:00', '2026-11-29 19:32:39.215523', '235369dcfe1f3eb94069f72d94c61e947d8004dc3e99a08ed4df41faa6717efe', '002677c346deb05d30ba22680528ec09cf3033025ba7105829c47c2aac6dc17f');
INSERT INTO __SCHEMA__.case_event VALUES (12, 3, 1, 'open', 'complaints.team', NULL, 'received', '{"received":"2026-12-01","resident":"Mrs Carol Test"}', '[{"change":"started","deadline":"acknowledge","due":"2026-12-08"}]', '2026-12-01 09:00:00', '2026-11-29 19:32:39.275736', '0000000000000000000000000000000000000000000000000000000000000000', '6fb6812f679ffbbd52084169f8dd920626aad802d7e3073080811cf95016d5b1');
INSERT INTO __SCHEMA__.case_event VALUES (13, 3, 2, 'breach', 'redress.runner', 'received', 'received', '{"deadline":"acknowledge","due":"2026-12-08"}', '[{"change":"breached","code":"6.2","deadline":"acknowledge","due":"2026-12-08"}]', '2026-12-09 00:00:00', '2026-11-29 19:32:39.303389', '6fb6812f679ffbbd52084169f8dd920626aad802d7e3073080811cf95016d5b1', '592dbc7ba1d73df1b506e1ed94e1bcc615b8f65d06762d3bd10c86420273c6ae');

INSERT INTO __SCHEMA__.complaint_case VALUES (1, '2026-00001', 'chc-2024', '318361044c68ac141346f4da61294fddb0e7831481e0dc8d2e19da6583111729', 'closed', '2026-11-02', '2026-11-02 09:00:00', 'Ms Alice Example', 'alice@example.org', 'email', 'Damp and mould not repaired', '{"complaint_definition":"The resident says \u00a3150 does not reflect six months of damp.","decision":"Partly upheld","outcomes_sought":"A higher award and a follow-up inspection.","outstanding_actions":"Inspection on 12 January 2027.","reason":"A damp survey is booked for 20 November and its findings decide the remedy.","reasons":"The award did not reflect the length of the problem.","remedy":"Award increased to \u00a3400; follow-up inspection in January.","responsibility":"The walls, windows and ventilation are ours to repair. Furniture and belongings are covered by your contents insurance.","working_days":"5"}', '{"1":"j.patel","2":"s.khan"}', 8, '2026-12-16 10:00:00', '2026-11-02 09:00:00', 8, '0a6b6720cb2abdc7ed0eaede6ba2df44ab9fb9bfd191936ae7d34bb7142ab167', '', '{}');
INSERT INTO __SCHEMA__.complaint_case VALUES (3, '2026-00003', 'chc-2024', '318361044c68ac141346f4da61294fddb0e7831481e0dc8d2e19da6583111729', 'received', '2026-12-01', '2026-12-01 09:00:00', 'Mrs Carol Test', 'carol@example.org', 'email', 'Noise from the communal boiler room', '{}', '{}', 2, '2026-12-09 00:00:00', '2026-12-01 09:00:00', 2, '592dbc7ba1d73df1b506e1ed94e1bcc615b8f65d06762d3bd10c86420273c6ae', '', '{}');
INSERT INTO __SCHEMA__.complaint_case VALUES (2, '2026-00002', 'landlord-2024', '932571175b203314e6d9ff65117dabd80691ba10e3a2e33b467b2f551e062569', 'stage1_responded', '2026-11-09', '2026-11-09 09:00:00', 'Mr Ben Sample', NULL, 'post', 'Missed repair appointment', '{"complaint_definition":"Two missed repair appointments for a broken boiler.","decision":"Upheld","investigating_team":"Repairs","outcomes_sought":"A fixed appointment and compensation.","outstanding_actions":"none","reasons":"Both appointments were missed by our contractor.","remedy":"Boiler repaired 20 November; \u00a350 goodwill.","responsibility":"The boiler and its servicing are ours. Gas supply faults are the gas network''s."}', '{"1":"repairs.lead"}', 3, '2026-11-24 10:00:00', '2026-11-09 09:00:00', 3, '002677c346deb05d30ba22680528ec09cf3033025ba7105829c47c2aac6dc17f', '12 Mill Lane, Anytown, AN3 4PQ', '{"large_print":"yes"}');

INSERT INTO __SCHEMA__.deadline VALUES (1, 1, 1, 'acknowledge', '6.2', '2026-11-02', '2026-11-09', NULL, 'met', '2026-11-04 10:00:00', 0, '', NULL);
INSERT INTO __SCHEMA__.deadline VALUES (2, 1, 2, 'stage1_response', '6.3', '2026-11-04', '2026-11-25', NULL, 'met', '2026-11-23 10:00:00', 5, '', NULL);
INSERT INTO __SCHEMA__.deadline VALUES (3, 1, 3, 'escalation_window', '6.10', '2026-11-23', '2026-12-21', NULL, 'met', '2026-11-25 10:00:00', 0, '', NULL);
INSERT INTO __SCHEMA__.deadline VALUES (4, 1, 4, 'stage2_acknowledge', '6.11', '2026-11-25', '2026-12-02', NULL, 'met', '2026-11-27 10:00:00', 0, '', NULL);
INSERT INTO __SCHEMA__.deadline VALUES (5, 1, 5, 'stage2_response', '6.14', '2026-11-27', '2026-12-29', NULL, 'met', '2026-12-14 10:00:00', 0, '', NULL);
INSERT INTO __SCHEMA__.deadline VALUES (6, 2, 1, 'acknowledge', '6.2', '2026-11-09', '2026-11-12', NULL, 'met', '2026-11-12 10:00:00', 0, '', NULL);
INSERT INTO __SCHEMA__.deadline VALUES (7, 2, 2, 'stage1_response', '6.3', '2026-11-12', '2026-11-24', NULL, 'met', '2026-11-24 10:00:00', 0, '', NULL);
INSERT INTO __SCHEMA__.deadline VALUES (8, 2, 3, 'escalation_window', '6.10', '2026-11-24', '2026-12-22', NULL, 'pending', NULL, 0, '', NULL);
INSERT INTO __SCHEMA__.deadline VALUES (9, 3, 1, 'acknowledge', '6.2', '2026-12-01', '2026-12-08', NULL, 'pending', NULL, 0, '', '2026-12-09 00:00:00');

INSERT INTO __SCHEMA__.letter VALUES (1, 1, 1, 2, 'stage1_acknowledgement', 'acknowledge', 'email', 'alice@example.org', 'We have logged your complaint - our reference 2026-00001', 'Example Homes
2 Market Street
Newtown
NT1 1AA
Phone: 0300 123 4567
Email: complaints@example-homes.example

Wednesday 4 November 2026

Ms Alice Example

Our reference: 2026-00001

Dear Ms Alice Example

We have logged your complaint
=============================

Thank you for your complaint. We got it on Monday 2 November 2026. We have logged it at Stage 1 of our complaints process.

What we think your complaint is about
=====================================

Damp and mould in the back bedroom, reported three times since June and not put right.

What you want us to do
======================

Find the cause, treat the mould, redecorate, and recognise the delay.

What we are and are not responsible for
=======================================

The walls, windows and ventilation are ours to repair. Furniture and belongings are covered by your contents insurance.

If we have got any of this wrong, please tell us soon. Phone us on 0300 123 4567 or email complaints@example-homes.example.

When we will reply
==================

We will send you our answer by Wednesday 18 November 2026. If we need more time, we will tell you why and give you a new date.

The Housing Ombudsman
=====================

You can ask the Housing Ombudsman Service for help at any time. It is free and independent. Call 0300 111 3000 or go to www.housing-ombudsman.org.uk.

Yours sincerely

Complaints Team
Example Homes
', '<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>We have logged your complaint - our reference 2026-00001</title><style>body{font-family:Arial,Helvetica,sans-serif;font-size:11pt;line-height:1.5;max-width:40em;margin:1em auto;padding:0 1em}h1{font-size:1.3em}</style></head>
<body>
<p>Example Homes<br>
2 Market Street<br>
Newtown<br>
NT1 1AA<br>
Phone: 0300 123 4567<br>
Email: complaints@example-homes.example</p>
<p>Wednesday 4 November 2026</p>
<p>Ms Alice Example</p>
<p>Our reference: 2026-00001</p>
<p>Dear Ms Alice Example</p>
<h1>We have logged your complaint</h1>
<p>Thank you for your complaint. We got it on Monday 2 November 2026. We have logged it at Stage 1 of our complaints process.</p>
<h1>What we think your complaint is about</h1>
<p>Damp and mould in the back bedroom, reported three times since June and not put right.</p>
<h1>What you want us to do</h1>
<p>Find the cause, treat the mould, redecorate, and recognise the delay.</p>
<h1>What we are and are not responsible for</h1>
<p>The walls, windows and ventilation are ours to repair. Furniture and belongings are covered by your contents insurance.</p>
<p>If we have got any of this wrong, please tell us soon. Phone us on 0300 123 4567 or email complaints@example-homes.example.</p>
<h1>When we will reply</h1>
<p>We will send you our answer by Wednesday 18 November 2026. If we need more time, we will tell you why and give you a new date.</p>
<h1>The Housing Ombudsman</h1>
<p>You can ask the Housing Ombudsman Service for help at any time. It is free and independent. Call 0300 111 3000 or go to www.housing-ombudsman.org.uk.</p>
<p>Yours sincerely</p>
<p>Complaints Team<br>
Example Homes</p>
</body></html>
', false, 'automatic', 'letter_templates/chc-2024/stage1_acknowledgement.j2', '872851b27caf1bba51dbfb18a2cf7f0e553be2c0a0ec04f4b9a986a807640e2e', '2026-11-04 10:00:00');
INSERT INTO __SCHEMA__.letter VALUES (2, 1, 2, 3, 'stage1_extension', 'extend', 'email', 'alice@example.org', 'We need more time to answer your complaint - our reference 2026-00001', 'Example Homes
2 Market Street
Newtown
NT1 1AA
Phone: 0300 123 4567
Email: complaints@example-homes.example

Friday 13 November 2026

Ms Alice Example

Our reference: 2026-00001

Dear Ms Alice Example

We need more time to answer your complaint
==========================================

We are sorry, but we need more time to answer your complaint at Stage 1.

Why we need more time
=====================

A damp survey is booked for 20 November and its findings decide the remedy.

Your new reply date
===================

We said we would reply by Wednesday 18 November 2026. We will now reply by Wednesday 25 November 2026.

If you are not happy with this, please tell us. Phone us on 0300 123 4567 or email complaints@example-homes.example.

The Housing Ombudsman
=====================

You can contact the Housing Ombudsman Service. It is free and independent.

- Phone: 0300 111 3000
- Email: info@housing-ombudsman.org.uk
- Website: www.housing-ombudsman.org.uk
- Online form: https://www.housing-ombudsman.org.uk/residents/make-a-complaint/
- Post: Housing Ombudsman Service, PO Box 1484, Unit D, Preston, PR2 0ET

Yours sincerely

Complaints Team
Example Homes
', '<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>We need more time to answer your complaint - our reference 2026-00001</title><style>body{font-family:Arial,Helvetica,sans-serif;font-size:11pt;line-height:1.5;max-width:40em;margin:1em auto;padding:0 1em}h1{font-size:1.3em}</style></head>
<body>
<p>Example Homes<br>
2 Market Street<br>
Newtown<br>
NT1 1AA<br>
Phone: 0300 123 4567<br>
Email: complaints@example-homes.example</p>
<p>Friday 13 November 2026</p>
<p>Ms Alice Example</p>
<p>Our reference: 2026-00001</p>
<p>Dear Ms Alice Example</p>
<h1>We need more time to answer your complaint</h1>
<p>We are sorry, but we need more time to answer your complaint at Stage 1.</p>
<h1>Why we need more time</h1>
<p>A damp survey is booked for 20 November and its findings decide the remedy.</p>
<h1>Your new reply date</h1>
<p>We said we would reply by Wednesday 18 November 2026. We will now reply by Wednesday 25 November 2026.</p>
<p>If you are not happy with this, please tell us. Phone us on 0300 123 4567 or email complaints@example-homes.example.</p>
<h1>The Housing Ombudsman</h1>
<p>You can contact the Housing Ombudsman Service. It is free and independent.</p>
<ul><li>Phone: 0300 111 3000</li><li>Email: info@housing-ombudsman.org.uk</li><li>Website: www.housing-ombudsman.org.uk</li><li>Online form: https://www.housing-ombudsman.org.uk/residents/make-a-complaint/</li><li>Post: Housing Ombudsman Service, PO Box 1484, Unit D, Preston, PR2 0ET</li></ul>
<p>Yours sincerely</p>
<p>Complaints Team<br>
Example Homes</p>
</body></html>
', false, 'automatic', 'letter_templates/chc-2024/stage1_extension.j2', 'f806b12f7fbf020116ec1fe8a4189705e75cae3c0e2b62edd904af6215264f3d', '2026-11-13 10:00:00');
INSERT INTO __SCHEMA__.letter VALUES (3, 1, 3, 4, 'stage1_response', 'respond', 'email', 'alice@example.org', 'Our answer to your complaint - our reference 2026-00001', 'Example Homes
2 Market Street
Newtown
NT1 1AA
Phone: 0300 123 4567
Email: complaints@example-homes.example

Monday 23 November 2026

Ms Alice Example

Our reference: 2026-00001

Dear Ms Alice Example

Our answer to your complaint
============================

This is our answer to your complaint at Stage 1.

How our complaints process works
================================

There are 2 stages: Stage 1 and Stage 2. This letter ends Stage 1.

Your complaint
==============

Damp and mould in the back bedroom, reported three times since June and not put right.

Our decision
============

Upheld

Why we made this decision
=========================

Repairs were not completed within our published timescales.

What we will do to put things right
===================================

Mould treatment and redecoration, and £150 for the time and trouble.

What is still to be done
========================

Redecoration booked for 4 December 2026.

If you are not happy with our answer
====================================

You can ask us to take your complaint to Stage 2. You do not need to give a reason. Phone us on 0300 123 4567 or email complaints@example-homes.example.

You can ask the Housing Ombudsman Service for help at any time. It is free and independent. Call 0300 111 3000 or go to www.housing-ombudsman.org.uk.

Yours sincerely

Complaints Team
Example Homes
', '<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Our answer to your complaint - our reference 2026-00001</title><style>body{font-family:Arial,Helvetica,sans-serif;font-size:11pt;line-height:1.5;max-width:40em;margin:1em auto;padding:0 1em}h1{font-size:1.3em}</style></head>
<body>
<p>Example Homes<br>
2 Market Street<br>
Newtown<br>
NT1 1AA<br>
Phone: 0300 123 4567<br>
Email: complaints@example-homes.example</p>
<p>Monday 23 November 2026</p>
<p>Ms Alice Example</p>
<p>Our reference: 2026-00001</p>
<p>Dear Ms Alice Example</p>
<h1>Our answer to your complaint</h1>
<p>This is our answer to your complaint at Stage 1.</p>
<h1>How our complaints process works</h1>
<p>There are 2 stages: Stage 1 and Stage 2. This letter ends Stage 1.</p>
<h1>Your complaint</h1>
<p>Damp and mould in the back bedroom, reported three times since June and not put right.</p>
<h1>Our decision</h1>
<p>Upheld</p>
<h1>Why we made this decision</h1>
<p>Repairs were not completed within our published timescales.</p>
<h1>What we will do to put things right</h1>
<p>Mould treatment and redecoration, and £150 for the time and trouble.</p>
<h1>What is still to be done</h1>
<p>Redecoration booked for 4 December 2026.</p>
<h1>If you are not happy with our answer</h1>
<p>You can ask us to take your complaint to Stage 2. You do not need to give a reason. Phone us on 0300 123 4567 or email complaints@example-homes.example.</p>
<p>You can ask the Housing Ombudsman Service for help at any time. It is free and independent. Call 0300 111 3000 or go to www.housing-ombudsman.org.uk.</p>
<p>Yours sincerely</p>
<p>Complaints Team<br>
Example Homes</p>
</body></html>
', false, 'manual', 'letter_templates/chc-2024/stage1_response.j2', '540242e6f7eaadc7e801123b987dc5840e2c2f78ecf9d1d5cee53ed9c60e80c8', '2026-11-23 10:00:00');
INSERT INTO __SCHEMA__.letter VALUES (4, 1, 4, 6, 'stage2_acknowledgement', 'acknowledge', 'email', 'alice@example.org', 'We have logged your request for a review - our reference 2026-00001', 'Example Homes
2 Market Street
Newtown
NT1 1AA
Phone: 0300 123 4567
Email: complaints@example-homes.example

Friday 27 November 2026

Ms Alice Example

Our reference: 2026-00001

Dear Ms Alice Example

We have logged your request for a review
========================================

You asked us to look at your complaint again. We have logged it at Stage 2. This is the last stage of our complaints process. Someone who did not deal with it at Stage 1 will review it.

What we think you are still unhappy about
=========================================

The resident says £150 does not reflect six months of damp.

What you want us to do
======================

A higher award and a follow-up inspection.

What we are and are not responsible for
=======================================

The walls, windows and ventilation are ours to repair. Furniture and belongings are covered by your contents insurance.

If we have got any of this wrong, please tell us soon. Phone us on 0300 123 4567 or email complaints@example-homes.example.

When we will reply
==================

We will send you our final answer by Tuesday 29 December 2026. If we need more time, we will tell you why and give you a new date.

The Housing Ombudsman
=====================

You can ask the Housing Ombudsman Service for help at any time. It is free and independent. Call 0300 111 3000 or go to www.housing-ombudsman.org.uk.

Yours sincerely

Complaints Team
Example Homes
', '<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>We have logged your request for a review - our reference 2026-00001</title><style>body{font-family:Arial,Helvetica,sans-serif;font-size:11pt;line-height:1.5;max-width:40em;margin:1em auto;padding:0 1em}h1{font-size:1.3em}</style></head>
<body>
<p>Example Homes<br>
2 Market Street<br>
Newtown<br>
NT1 1AA<br>
Phone: 0300 123 4567<br>
Email: complaints@example-homes.example</p>
<p>Friday 27 November 2026</p>
<p>Ms Alice Example</p>
<p>Our reference: 2026-00001</p>
<p>Dear Ms Alice Example</p>
<h1>We have logged your request for a review</h1>
<p>You asked us to look at your complaint again. We have logged it at Stage 2. This is the last stage of our complaints process. Someone who did not deal with it at Stage 1 will review it.</p>
<h1>What we think you are still unhappy about</h1>
<p>The resident says £150 does not reflect six months of damp.</p>
<h1>What you want us to do</h1>
<p>A higher award and a follow-up inspection.</p>
<h1>What we are and are not responsible for</h1>
<p>The walls, windows and ventilation are ours to repair. Furniture and belongings are covered by your contents insurance.</p>
<p>If we have got any of this wrong, please tell us soon. Phone us on 0300 123 4567 or email complaints@example-homes.example.</p>
<h1>When we will reply</h1>
<p>We will send you our final answer by Tuesday 29 December 2026. If we need more time, we will tell you why and give you a new date.</p>
<h1>The Housing Ombudsman</h1>
<p>You can ask the Housing Ombudsman Service for help at any time. It is free and independent. Call 0300 111 3000 or go to www.housing-ombudsman.org.uk.</p>
<p>Yours sincerely</p>
<p>Complaints Team<br>
Example Homes</p>
</body></html>
', false, 'automatic', 'letter_templates/chc-2024/stage2_acknowledgement.j2', 'ddff1132e917a7003a10cae4fa0aeeb6a1d08dbf01f412fc8e693643c0a43034', '2026-11-27 10:00:00');
INSERT INTO __SCHEMA__.letter VALUES (5, 1, 5, 7, 'stage2_response', 'respond', 'email', 'alice@example.org', 'Our final answer to your complaint - our reference 2026-00001', 'Example Homes
2 Market Street
Newtown
NT1 1AA
Phone: 0300 123 4567
Email: complaints@example-homes.example

Monday 14 December 2026

Ms Alice Example

Our reference: 2026-00001

Dear Ms Alice Example

Our final answer to your complaint
==================================

This is our final answer to your complaint. It ends Stage 2, the last stage of our complaints process.

Your complaint
==============

The resident says £150 does not reflect six months of damp.

Our decision
============

Partly upheld

Why we made this decision
=========================

The award did not reflect the length of the problem.

What we will do to put things right
===================================

Award increased to £400; follow-up inspection in January.

What is still to be done
========================

Inspection on 12 January 2027.

If you are still not happy
==========================

You can take your complaint to the Housing Ombudsman. We have now given our final answer, so the Ombudsman can look at it.

You can contact the Housing Ombudsman Service. It is free and independent.

- Phone: 0300 111 3000
- Email: info@housing-ombudsman.org.uk
- Website: www.housing-ombudsman.org.uk
- Online form: https://www.housing-ombudsman.org.uk/residents/make-a-complaint/
- Post: Housing Ombudsman Service, PO Box 1484, Unit D, Preston, PR2 0ET

Yours sincerely

Complaints Team
Example Homes
', '<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Our final answer to your complaint - our reference 2026-00001</title><style>body{font-family:Arial,Helvetica,sans-serif;font-size:11pt;line-height:1.5;max-width:40em;margin:1em auto;padding:0 1em}h1{font-size:1.3em}</style></head>
<body>
<p>Example Homes<br>
2 Market Street<br>
Newtown<br>
NT1 1AA<br>
Phone: 0300 123 4567<br>
Email: complaints@example-homes.example</p>
<p>Monday 14 December 2026</p>
<p>Ms Alice Example</p>
<p>Our reference: 2026-00001</p>
<p>Dear Ms Alice Example</p>
<h1>Our final answer to your complaint</h1>
<p>This is our final answer to your complaint. It ends Stage 2, the last stage of our complaints process.</p>
<h1>Your complaint</h1>
<p>The resident says £150 does not reflect six months of damp.</p>
<h1>Our decision</h1>
<p>Partly upheld</p>
<h1>Why we made this decision</h1>
<p>The award did not reflect the length of the problem.</p>
<h1>What we will do to put things right</h1>
<p>Award increased to £400; follow-up inspection in January.</p>
<h1>What is still to be done</h1>
<p>Inspection on 12 January 2027.</p>
<h1>If you are still not happy</h1>
<p>You can take your complaint to the Housing Ombudsman. We have now given our final answer, so the Ombudsman can look at it.</p>
<p>You can contact the Housing Ombudsman Service. It is free and independent.</p>
<ul><li>Phone: 0300 111 3000</li><li>Email: info@housing-ombudsman.org.uk</li><li>Website: www.housing-ombudsman.org.uk</li><li>Online form: https://www.housing-ombudsman.org.uk/residents/make-a-complaint/</li><li>Post: Housing Ombudsman Service, PO Box 1484, Unit D, Preston, PR2 0ET</li></ul>
<p>Yours sincerely</p>
<p>Complaints Team<br>
Example Homes</p>
</body></html>
', false, 'manual', 'letter_templates/chc-2024/stage2_response.j2', '7a0ce58b0b304a4b8b5c74008846ac498cd617bb8c5dd12cb583904a6fc4c4d6', '2026-12-14 10:00:00');
INSERT INTO __SCHEMA__.letter VALUES (6, 2, 1, 2, 'stage1_acknowledgement', 'acknowledge', 'post', '12 Mill Lane, Anytown, AN3 4PQ', 'We have logged your complaint - our reference 2026-00002', 'Riverside Homes
1 Quay Street
Anytown
AN1 2QS
Phone: 0300 000 0000
Email: complaints@riverside-homes.example

Thursday 12 November 2026

Mr Ben Sample
12 Mill Lane
Anytown
AN3 4PQ

Our reference: 2026-00002

Dear Mr Ben Sample

We have logged your complaint
=============================

Thank you for your complaint. We got it on Monday 9 November 2026. We have logged it at Stage 1 of our complaints process.

What we think your complaint is about
=====================================

Two missed repair appointments for a broken boiler.

What you want us to do
======================

A fixed appointment and compensation.

What we are and are not responsible for
=======================================

The boiler and its servicing are ours. Gas supply faults are the gas network''s.

If we have got any of this wrong, please tell us soon. Phone us on 0300 000 0000 or email complaints@riverside-homes.example.

Who is looking into it
======================

Your complaint is with this team:

- Repairs

When we will reply
==================

We will send you our answer by Tuesday 24 November 2026. If we need more time, we will tell you why and give you a new date.

The Housing Ombudsman
=====================

You can ask the Housing Ombudsman Service for help at any time. It is free and independent. Call 0300 111 3000 or go to www.housing-ombudsman.org.uk.

Yours sincerely

Complaints Resolution Team
Riverside Homes
', '<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>We have logged your complaint - our reference 2026-00002</title><style>body{font-family:Arial,Helvetica,sans-serif;font-size:16pt;line-height:1.5;max-width:40em;margin:1em auto;padding:0 1em}h1{font-size:1.3em}</style></head>
<body>
<p>Riverside Homes<br>
1 Quay Street<br>
Anytown<br>
AN1 2QS<br>
Phone: 0300 000 0000<br>
Email: complaints@riverside-homes.example</p>
<p>Thursday 12 November 2026</p>
<p>Mr Ben Sample<br>
12 Mill Lane<br>
Anytown<br>
AN3 4PQ</p>
<p>Our reference: 2026-00002</p>
<p>Dear Mr Ben Sample</p>
<h1>We have logged your complaint</h1>
<p>Thank you for your complaint. We got it on Monday 9 November 2026. We have logged it at Stage 1 of our complaints process.</p>
<h1>What we think your complaint is about</h1>
<p>Two missed repair appointments for a broken boiler.</p>
<h1>What you want us to do</h1>
<p>A fixed appointment and compensation.</p>
<h1>What we are and are not responsible for</h1>
<p>The boiler and its servicing are ours. Gas supply faults are the gas network&#39;s.</p>
<p>If we have got any of this wrong, please tell us soon. Phone us on 0300 000 0000 or email complaints@riverside-homes.example.</p>
<h1>Who is looking into it</h1>
<p>Your complaint is with this team:</p>
<ul><li>Repairs</li></ul>
<h1>When we will reply</h1>
<p>We will send you our answer by Tuesday 24 November 2026. If we need more time, we will tell you why and give you a new date.</p>
<h1>The Housing Ombudsman</h1>
<p>You can ask the Housing Ombudsman Service for help at any time. It is free and independent. Call 0300 111 3000 or go to www.housing-ombudsman.org.uk.</p>
<p>Yours sincerely</p>
<p>Complaints Resolution Team<br>
Riverside Homes</p>
</body></html>
', true, 'automatic', 'letter_templates/landlord-2024/stage1_acknowledgement.j2', 'cc5c18391c7dc1f630023bc8d0f82e97a96590142a5eeba70a14c49dc6590d07', '2026-11-12 10:00:00');
INSERT INTO __SCHEMA__.letter VALUES (7, 2, 2, 3, 'stage1_response', 'respond', 'post', '12 Mill Lane, Anytown, AN3 4PQ', 'Our answer to your complaint - our reference 2026-00002', 'Riverside Homes
1 Quay Street
Anytown
AN1 2QS
Phone: 0300 000 0000
Email: complaints@riverside-homes.example

Tuesday 24 November 2026

Mr Ben Sample
12 Mill Lane
Anytown
AN3 4PQ

Our reference: 2026-00002

Dear Mr Ben Sample

Our answer to your complaint
============================

This is our answer to your complaint at Stage 1.

How our complaints process works
================================

There are 2 stages: Stage 1 and Stage 2. This letter ends Stage 1.

Your complaint
==============

Two missed repair appointments for a broken boiler.

Our decision
============

Upheld

Why we made this decision
=========================

Both appointments were missed by our contractor.

What we will do to put things right
===================================

Boiler repaired 20 November; £50 goodwill.

What is still to be done
========================

none

If you are not happy with our answer
====================================

You can ask us to take your complaint to Stage 2. You do not need to give a reason. Phone us on 0300 000 0000 or email complaints@riverside-homes.example.

You can ask the Housing Ombudsman Service for help at any time. It is free and independent. Call 0300 111 3000 or go to www.housing-ombudsman.org.uk.

Yours sincerely

Complaints Resolution Team
Riverside Homes
', '<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Our answer to your complaint - our reference 2026-00002</title><style>body{font-family:Arial,Helvetica,sans-serif;font-size:16pt;line-height:1.5;max-width:40em;margin:1em auto;padding:0 1em}h1{font-size:1.3em}</style></head>
<body>
<p>Riverside Homes<br>
1 Quay Street<br>
Anytown<br>
AN1 2QS<br>
Phone: 0300 000 0000<br>
Email: complaints@riverside-homes.example</p>
<p>Tuesday 24 November 2026</p>
<p>Mr Ben Sample<br>
12 Mill Lane<br>
Anytown<br>
AN3 4PQ</p>
<p>Our reference: 2026-00002</p>
<p>Dear Mr Ben Sample</p>
<h1>Our answer to your complaint</h1>
<p>This is our answer to your complaint at Stage 1.</p>
<h1>How our complaints process works</h1>
<p>There are 2 stages: Stage 1 and Stage 2. This letter ends Stage 1.</p>
<h1>Your complaint</h1>
<p>Two missed repair appointments for a broken boiler.</p>
<h1>Our decision</h1>
<p>Upheld</p>
<h1>Why we made this decision</h1>
<p>Both appointments were missed by our contractor.</p>
<h1>What we will do to put things right</h1>
<p>Boiler repaired 20 November; £50 goodwill.</p>
<h1>What is still to be done</h1>
<p>none</p>
<h1>If you are not happy with our answer</h1>
<p>You can ask us to take your complaint to Stage 2. You do not need to give a reason. Phone us on 0300 000 0000 or email complaints@riverside-homes.example.</p>
<p>You can ask the Housing Ombudsman Service for help at any time. It is free and independent. Call 0300 111 3000 or go to www.housing-ombudsman.org.uk.</p>
<p>Yours sincerely</p>
<p>Complaints Resolution Team<br>
Riverside Homes</p>
</body></html>
', true, 'manual', 'letter_templates/chc-2024/stage1_response.j2', '8ce6b2add15b9bf073a1066f9c7893419cdf729cbd55457008abbb0643c14700', '2026-11-24 10:00:00');

INSERT INTO __SCHEMA__.outbox VALUES (10, 3, NULL, 6, 'email', 'sent', 'data', 1, '2026-12-09 00:00:00', NULL, NULL, '<2026-00003.alert-6@example-homes.example>', '\x46726f6d3a20224578616d706c6520486f6d65732028726564726573732922203c636f6d706c61696e7473406578616d706c652d686f6d65732e6578616d706c653e0d0a546f3a20636f6d706c61696e7473406578616d706c652d686f6d65732e6578616d706c650d0a5375626a6563743a204272656163683a2041636b6e6f776c656467652c20646566696e6520616e64206c6f672061742073746167652031206f6e206361736520323032362d3030303033207761730d0a20647565205475652030382044656320323032360d0a446174653a205765642c2030392044656320323032362030303a30303a3030202b303030300d0a4d6573736167652d49443a203c323032362d30303030332e616c6572742d36406578616d706c652d686f6d65732e6578616d706c653e0d0a436f6e74656e742d547970653a20746578742f706c61696e3b20636861727365743d227574662d38220d0a436f6e74656e742d5472616e736665722d456e636f64696e673a2071756f7465642d7072696e7461626c650d0a4d494d452d56657273696f6e3a20312e300d0a0d0a4272656163683a2041636b6e6f776c656467652c20646566696e6520616e64206c6f672061742073746167652031206f6e206361736520323032362d30303030332077617320647565205475653d0d0a20303820446563203230323620616e6420686173206e6f74206265656e206d65742028436f646520362e32292e2054686520627265616368206973207265636f72646564206f6e2074686520633d0d0a6173652e0d0a0d0a436173653a20323032362d30303030330d0a7265647265737320636173652073686f7720323032362d30303030330d0a', 'complaints@example-homes.example', 'complaints@example-homes.example', 'written to redress-demo-letters/outbox/2026-00003-alert-6.eml', '', '2026-12-09 00:00:00', '2026-12-09 00:00:00', '2026-12-09 00:00:00', NULL, '');
INSERT INTO __SCHEMA__.outbox VALUES (1, 1, 1, NULL, 'email', 'sent', 'data', 1, '2026-11-04 10:00:00', NULL, NULL, '<2026-00001.letter-1.872851b27caf1bba@example-homes.example>', '\x46726f6d3a204578616d706c6520486f6d6573203c636f6d706c61696e7473406578616d706c652d686f6d65732e6578616d706c653e0d0a546f3a204d7320416c696365204578616d706c65203c616c696365406578616d706c652e6f72673e0d0a5375626a6563743a2057652068617665206c6f6767656420796f757220636f6d706c61696e74202d206f7572207265666572656e636520323032362d30303030310d0a446174653a205765642c203034204e6f7620323032362031303a30303a3030202b303030300d0a4d6573736167652d49443a203c323032362d30303030312e6c65747465722d312e38373238353162323763616631626261406578616d706c652d686f6d65732e6578616d706c653e0d0a4d494d452d56657273696f6e3a20312e300d0a436f6e74656e742d547970653a206d756c7469706172742f616c7465726e61746976653b0d0a20626f756e646172793d223d3d3d3d3d3d3d3d3d3d3d3d3d3d3d343631393131353933313837303533343638333d3d220d0a0d0a2d2d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d343631393131353933313837303533343638333d3d0d0a436f6e74656e742d547970653a20746578742f706c61696e3b20636861727365743d227574662d38220d0a436f6e74656e742d5472616e736665722d456e636f64696e673a2071756f7465642d7072696e7461626c650d0a0d0a4578616d706c6520486f6d65730d0a32204d61726b6574205374726565740d0a4e6577746f776e0d0a4e5431203141410d0a50686f6e653a20303330302031323320343536370d0a456d61696c3a20636f6d706c61696e7473406578616d706c652d686f6d65732e6578616d706c650d0a0d0a5765646e65736461792034204e6f76656d62657220323032360d0a0d0a4d7320416c696365204578616d706c650d0a0d0a4f7572207265666572656e63653a20323032362d30303030310d0a0d0a44656172204d7320416c696365204578616d706c650d0a0d0a57652068617665206c6f6767656420796f757220636f6d706c61696e740d0a3d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d0d0a3d33443d33443d33443d33440d0a0d0a5468616e6b20796f7520666f7220796f757220636f6d706c61696e742e20576520676f74206974206f6e204d6f6e6461792032204e6f76656d62657220323032362e2057652068617665206c6f3d0d0a676765642069742061742053746167652031206f66206f757220636f6d706c61696e74732070726f636573732e0d0a0d0a57686174207765207468696e6b20796f757220636f6d706c61696e742069732061626f75740d0a3d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d0d0a3d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33440d0a0d0a44616d7020616e64206d6f756c6420696e20746865206261636b20626564726f6f6d2c207265706f727465642074687265652074696d65732073696e6365204a756e6520616e64206e6f7420703d0d0a75742072696768742e0d0a0d0a5768617420796f752077616e7420757320746f20646f0d0a3d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33440d0a0d0a46696e64207468652063617573652c20747265617420746865206d6f756c642c2072656465636f726174652c20616e64207265636f676e697365207468652064656c61792e0d0a0d0a576861742077652061726520616e6420617265206e6f7420726573706f6e7369626c6520666f720d0a3d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d0d0a3d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33440d0a0d0a5468652077616c6c732c2077696e646f777320616e642076656e74696c6174696f6e20617265206f75727320746f207265706169722e204675726e697475726520616e642062656c6f6e67696e3d0d0a67732061726520636f766572656420627920796f757220636f6e74656e747320696e737572616e63652e0d0a0d0a4966207765206861766520676f7420616e79206f6620746869732077726f6e672c20706c656173652074656c6c20757320736f6f6e2e2050686f6e65207573206f6e20303330302031323320343d0d0a353637206f7220656d61696c20636f6d706c61696e7473406578616d706c652d686f6d65732e6578616d706c652e0d0a0d0a5768656e2077652077696c6c207265706c790d0a3d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33440d0a0d0a57652077696c6c2073656e6420796f75206f757220616e73776572206279205765646e6573646179203138204e6f76656d62657220323032362e204966207765206e656564206d6f72652074693d0d0a6d652c2077652077696c6c2074656c6c20796f752077687920616e64206769766520796f752061206e657720646174652e0d0a0d0a54686520486f7573696e67204f6d627564736d616e0d0a3d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33440d0a0d0a596f752063616e2061736b2074686520486f7573696e67204f6d627564736d616e205365727669636520666f722068656c7020617420616e792074696d652e204974206973206672656520616e3d0d0a6420696e646570656e64656e742e2043616c6c2030333030203131312033303030206f7220676f20746f207777772e686f7573696e672d6f6d627564736d616e2e6f72672e756b2e0d0a0d0a596f7572732073696e636572656c790d0a0d0a436f6d706c61696e7473205465616d0d0a4578616d706c6520486f6d65730d0a0d0a2d2d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d343631393131353933313837303533343638333d3d0d0a436f6e74656e742d547970653a20746578742f68746d6c3b20636861727365743d227574662d38220d0a436f6e74656e742d5472616e736665722d456e636f64696e673a2071756f7465642d7072696e7461626c650d0a4d494d452d56657273696f6e3a20312e300d0a0d0a3c21444f43545950452068746d6c3e0d0a3c68746d6c206c616e673d334422656e2d4742223e3c686561643e3c6d65746120636861727365743d3344227574662d38223e3c7469746c653e57652068617665206c6f6767656420796f75723d0d0a20636f6d706c61696e74202d206f7572207265666572656e636520323032362d30303030313c2f7469746c653e3c7374796c653e626f64797b666f6e742d66616d696c793a417269616c2c48653d0d0a6c7665746963612c73616e732d73657269663b666f6e742d73697a653a313170743b6c696e652d6865696768743a312e353b6d61782d77696474683a3430656d3b6d617267696e3a31656d20613d0d0a75746f3b70616464696e673a302031656d7d68317b666f6e742d73697a653a312e33656d7d3c2f7374796c653e3c2f686561643e0d0a3c626f64793e0d0a3c703e4578616d706c6520486f6d65733c62723e0d0a32204d61726b6574205374726565743c62723e0d0a4e6577746f776e3c62723e0d0a4e5431203141413c62723e0d0a50686f6e653a20303330302031323320343536373c62723e0d0a456d61696c3a20636f6d706c61696e7473406578616d706c652d686f6d65732e6578616d706c653c2f703e0d0a3c703e5765646e65736461792034204e6f76656d62657220323032363c2f703e0d0a3c703e4d7320416c696365204578616d706c653c2f703e0d0a3c703e4f7572207265666572656e63653a20323032362d30303030313c2f703e0d0a3c703e44656172204d7320416c696365204578616d706c653c2f703e0d0a3c68313e57652068617665206c6f6767656420796f757220636f6d706c61696e743c2f68313e0d0a3c703e5468616e6b20796f7520666f7220796f757220636f6d706c61696e742e20576520676f74206974206f6e204d6f6e6461792032204e6f76656d62657220323032362e20576520686176653d0d0a206c6f676765642069742061742053746167652031206f66206f757220636f6d706c61696e74732070726f636573732e3c2f703e0d0a3c68313e57686174207765207468696e6b20796f757220636f6d706c61696e742069732061626f75743c2f68313e0d0a3c703e44616d7020616e64206d6f756c6420696e20746865206261636b20626564726f6f6d2c207265706f727465642074687265652074696d65732073696e6365204a756e6520616e64206e6f3d0d0a74207075742072696768742e3c2f703e0d0a3c68313e5768617420796f752077616e7420757320746f20646f3c2f68313e0d0a3c703e46696e64207468652063617573652c20747265617420746865206d6f756c642c2072656465636f726174652c20616e64207265636f676e697365207468652064656c61792e3c2f703e0d0a3c68313e576861742077652061726520616e6420617265206e6f7420726573706f6e7369626c6520666f723c2f68313e0d0a3c703e5468652077616c6c732c2077696e646f777320616e642076656e74696c6174696f6e20617265206f75727320746f207265706169722e204675726e697475726520616e642062656c6f6e3d0d0a67696e67732061726520636f766572656420627920796f757220636f6e74656e747320696e737572616e63652e3c2f703e0d0a3c703e4966207765206861766520676f7420616e79206f6620746869732077726f6e672c20706c656173652074656c6c20757320736f6f6e2e2050686f6e65207573206f6e20303330302031323d0d0a332034353637206f7220656d61696c20636f6d706c61696e7473406578616d706c652d686f6d65732e6578616d706c652e3c2f703e0d0a3c68313e5768656e2077652077696c6c207265706c793c2f68313e0d0a3c703e57652077696c6c2073656e6420796f75206f757220616e73776572206279205765646e6573646179203138204e6f76656d62657220323032362e204966207765206e656564206d6f72653d0d0a2074696d652c2077652077696c6c2074656c6c20796f752077687920616e64206769766520796f752061206e657720646174652e3c2f703e0d0a3c68313e54686520486f7573696e67204f6d627564736d616e3c2f68313e0d0a3c703e596f752063616e2061736b2074686520486f7573696e67204f6d627564736d616e205365727669636520666f722068656c7020617420616e792074696d652e20497420697320667265653d0d0a20616e6420696e646570656e64656e742e2043616c6c2030333030203131312033303030206f7220676f20746f207777772e686f7573696e672d6f6d627564736d616e2e6f72672e756b2e3c2f3d0d0a703e0d0a3c703e596f7572732073696e636572656c793c2f703e0d0a3c703e436f6d706c61696e7473205465616d3c62723e0d0a4578616d706c6520486f6d65733c2f703e0d0a3c2f626f64793e3c2f68746d6c3e0d0a0d0a2d2d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d343631393131353933313837303533343638333d3d2d2d0d0a', 'complaints@example-homes.example', 'alice@example.org', 'written to redress-demo-letters/outbox/2026-00001-letter-1.eml', '', '2026-11-04 10:00:00', '2026-11-04 10:00:00', '2026-11-04 10:00:00', NULL, '');
INSERT INTO __SCHEMA__.outbox VALUES (2, 1, 2, NULL, 'email', 'sent', 'data', 1, '2026-11-13 10:00:00', NULL, NULL, '<2026-00001.letter-2.f806b12f7fbf0201@example-homes.example>', '\x46726f6d3a204578616d706c6520486f6d6573203c636f6d706c61696e7473406578616d706c652d686f6d65732e6578616d706c653e0d0a546f3a204d7320416c696365204578616d706c65203c616c696365406578616d706c652e6f72673e0d0a5375626a6563743a205765206e656564206d6f72652074696d6520746f20616e7377657220796f757220636f6d706c61696e74202d206f7572207265666572656e636520323032362d30303030310d0a446174653a204672692c203133204e6f7620323032362031303a30303a3030202b303030300d0a4d6573736167652d49443a203c323032362d30303030312e6c65747465722d322e66383036623132663766626630323031406578616d706c652d686f6d65732e6578616d706c653e0d0a4d494d452d56657273696f6e3a20312e300d0a436f6e74656e742d547970653a206d756c7469706172742f616c7465726e61746976653b0d0a20626f756e646172793d223d3d3d3d3d3d3d3d3d3d3d3d3d3d3d303034323633343932343931353031333435353d3d220d0a0d0a2d2d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d303034323633343932343931353031333435353d3d0d0a436f6e74656e742d547970653a20746578742f706c61696e3b20636861727365743d227574662d38220d0a436f6e74656e742d5472616e736665722d456e636f64696e673a2071756f7465642d7072696e7461626c650d0a0d0a4578616d706c6520486f6d65730d0a32204d61726b6574205374726565740d0a4e6577746f776e0d0a4e5431203141410d0a50686f6e653a20303330302031323320343536370d0a456d61696c3a20636f6d706c61696e7473406578616d706c652d686f6d65732e6578616d706c650d0a0d0a467269646179203133204e6f76656d62657220323032360d0a0d0a4d7320416c696365204578616d706c650d0a0d0a4f7572207265666572656e63653a20323032362d30303030310d0a0d0a44656172204d7320416c696365204578616d706c650d0a0d0a5765206e656564206d6f72652074696d6520746f20616e7377657220796f757220636f6d706c61696e740d0a3d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d0d0a3d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33440d0a0d0a57652061726520736f7272792c20627574207765206e656564206d6f72652074696d6520746f20616e7377657220796f757220636f6d706c61696e7420617420537461676520312e0d0a0d0a576879207765206e656564206d6f72652074696d650d0a3d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33440d0a0d0a412064616d702073757276657920697320626f6f6b656420666f72203230204e6f76656d62657220616e64206974732066696e64696e677320646563696465207468652072656d6564792e0d0a0d0a596f7572206e6577207265706c7920646174650d0a3d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33440d0a0d0a5765207361696420776520776f756c64207265706c79206279205765646e6573646179203138204e6f76656d62657220323032362e2057652077696c6c206e6f77207265706c792062792057653d0d0a646e6573646179203235204e6f76656d62657220323032362e0d0a0d0a496620796f7520617265206e6f74206861707079207769746820746869732c20706c656173652074656c6c2075732e2050686f6e65207573206f6e2030333030203132332034353637206f72203d0d0a656d61696c20636f6d706c61696e7473406578616d706c652d686f6d65732e6578616d706c652e0d0a0d0a54686520486f7573696e67204f6d627564736d616e0d0a3d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33440d0a0d0a596f752063616e20636f6e746163742074686520486f7573696e67204f6d627564736d616e20536572766963652e204974206973206672656520616e6420696e646570656e64656e742e0d0a0d0a2d2050686f6e653a20303330302031313120333030300d0a2d20456d61696c3a20696e666f40686f7573696e672d6f6d627564736d616e2e6f72672e756b0d0a2d20576562736974653a207777772e686f7573696e672d6f6d627564736d616e2e6f72672e756b0d0a2d204f6e6c696e6520666f726d3a2068747470733a2f2f7777772e686f7573696e672d6f6d627564736d616e2e6f72672e756b2f7265736964656e74732f6d616b652d612d636f6d706c61696e3d0d0a742f0d0a2d20506f73743a20486f7573696e67204f6d627564736d616e20536572766963652c20504f20426f7820313438342c20556e697420442c2050726573746f6e2c20505232203045540d0a0d0a596f7572732073696e636572656c790d0a0d0a436f6d706c61696e7473205465616d0d0a4578616d706c6520486f6d65730d0a0d0a2d2d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d303034323633343932343931353031333435353d3d0d0a436f6e74656e742d547970653a20746578742f68746d6c3b20636861727365743d227574662d38220d0a436f6e74656e742d5472616e736665722d456e636f64696e673a2071756f7465642d7072696e7461626c650d0a4d494d452d56657273696f6e3a20312e300d0a0d0a3c21444f43545950452068746d6c3e0d0a3c68746d6c206c616e673d334422656e2d4742223e3c686561643e3c6d65746120636861727365743d3344227574662d38223e3c7469746c653e5765206e656564206d6f72652074696d6520743d0d0a6f20616e7377657220796f757220636f6d706c61696e74202d206f7572207265666572656e636520323032362d30303030313c2f7469746c653e3c7374796c653e626f64797b666f6e742d66613d0d0a6d696c793a417269616c2c48656c7665746963612c73616e732d73657269663b666f6e742d73697a653a313170743b6c696e652d6865696768743a312e353b6d61782d77696474683a3430656d3d0d0a3b6d617267696e3a31656d206175746f3b70616464696e673a302031656d7d68317b666f6e742d73697a653a312e33656d7d3c2f7374796c653e3c2f686561643e0d0a3c626f64793e0d0a3c703e4578616d706c6520486f6d65733c62723e0d0a32204d61726b6574205374726565743c62723e0d0a4e6577746f776e3c62723e0d0a4e5431203141413c62723e0d0a50686f6e653a20303330302031323320343536373c62723e0d0a456d61696c3a20636f6d706c61696e7473406578616d706c652d686f6d65732e6578616d706c653c2f703e0d0a3c703e467269646179203133204e6f76656d62657220323032363c2f703e0d0a3c703e4d7320416c696365204578616d706c653c2f703e0d0a3c703e4f7572207265666572656e63653a20323032362d30303030313c2f703e0d0a3c703e44656172204d7320416c696365204578616d706c653c2f703e0d0a3c68313e5765206e656564206d6f72652074696d6520746f20616e7377657220796f757220636f6d706c61696e743c2f68313e0d0a3c703e57652061726520736f7272792c20627574207765206e656564206d6f72652074696d6520746f20616e7377657220796f757220636f6d706c61696e7420617420537461676520312e3c2f3d0d0a703e0d0a3c68313e576879207765206e656564206d6f72652074696d653c2f68313e0d0a3c703e412064616d702073757276657920697320626f6f6b656420666f72203230204e6f76656d62657220616e64206974732066696e64696e677320646563696465207468652072656d6564793d0d0a2e3c2f703e0d0a3c68313e596f7572206e6577207265706c7920646174653c2f68313e0d0a3c703e5765207361696420776520776f756c64207265706c79206279205765646e6573646179203138204e6f76656d62657220323032362e2057652077696c6c206e6f77207265706c792062793d0d0a205765646e6573646179203235204e6f76656d62657220323032362e3c2f703e0d0a3c703e496620796f7520617265206e6f74206861707079207769746820746869732c20706c656173652074656c6c2075732e2050686f6e65207573206f6e2030333030203132332034353637203d0d0a6f7220656d61696c20636f6d706c61696e7473406578616d706c652d686f6d65732e6578616d706c652e3c2f703e0d0a3c68313e54686520486f7573696e67204f6d627564736d616e3c2f68313e0d0a3c703e596f752063616e20636f6e746163742074686520486f7573696e67204f6d627564736d616e20536572766963652e204974206973206672656520616e6420696e646570656e64656e742e3d0d0a3c2f703e0d0a3c756c3e3c6c693e50686f6e653a20303330302031313120333030303c2f6c693e3c6c693e456d61696c3a20696e666f40686f7573696e672d6f6d627564736d616e2e6f72672e756b3c2f6c693d0d0a3e3c6c693e576562736974653a207777772e686f7573696e672d6f6d627564736d616e2e6f72672e756b3c2f6c693e3c6c693e4f6e6c696e6520666f726d3a2068747470733a2f2f7777772e683d0d0a6f7573696e672d6f6d627564736d616e2e6f72672e756b2f7265736964656e74732f6d616b652d612d636f6d706c61696e742f3c2f6c693e3c6c693e506f73743a20486f7573696e67204f6d623d0d0a7564736d616e20536572766963652c20504f20426f7820313438342c20556e697420442c2050726573746f6e2c20505232203045543c2f6c693e3c2f756c3e0d0a3c703e596f7572732073696e636572656c793c2f703e0d0a3c703e436f6d706c61696e7473205465616d3c62723e0d0a4578616d706c6520486f6d65733c2f703e0d0a3c2f626f64793e3c2f68746d6c3e0d0a0d0a2d2d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d303034323633343932343931353031333435353d3d2d2d0d0a', 'complaints@example-homes.example', 'alice@example.org', 'written to redress-demo-letters/outbox/2026-00001-letter-2.eml', '', '2026-11-13 10:00:00', '2026-11-13 10:00:00', '2026-11-13 10:00:00', NULL, '');
INSERT INTO __SCHEMA__.outbox VALUES (5, 2, NULL, 2, 'email', 'sent', 'data', 1, '2026-11-10 09:00:00', NULL, NULL, '<2026-00002.alert-2@riverside-homes.example>', '\x46726f6d3a202252697665727369646520486f6d65732028726564726573732922203c636f6d706c61696e7473407269766572736964652d686f6d65732e6578616d706c653e0d0a546f3a20636f6d706c61696e7473406578616d706c652d686f6d65732e6578616d706c650d0a5375626a6563743a2052656d696e6465723a2041636b6e6f776c656467652077697468696e203320776f726b696e672064617973206f6e206361736520323032362d3030303032206973206475650d0a20546875203132204e6f7620323032360d0a446174653a205475652c203130204e6f7620323032362030393a30303a3030202b303030300d0a4d6573736167652d49443a203c323032362d30303030322e616c6572742d32407269766572736964652d686f6d65732e6578616d706c653e0d0a436f6e74656e742d547970653a20746578742f706c61696e3b20636861727365743d227574662d38220d0a436f6e74656e742d5472616e736665722d456e636f64696e673a2071756f7465642d7072696e7461626c650d0a4d494d452d56657273696f6e3a20312e300d0a0d0a52656d696e6465723a2041636b6e6f776c656467652077697468696e203320776f726b696e672064617973206f6e206361736520323032362d30303030322069732064756520546875203132203d0d0a4e6f7620323032362e2054686174206973203220776f726b696e6720646179732066726f6d20746f6461792e20436f646520362e322e20436173652073746174653a2072656365697665642e0d0a0d0a436173653a20323032362d30303030320d0a7265647265737320636173652073686f7720323032362d30303030320d0a', 'complaints@riverside-homes.example', 'complaints@example-homes.example', 'written to redress-demo-letters/outbox/2026-00002-alert-2.eml', '', '2026-11-10 09:00:00', '2026-11-10 09:00:00', '2026-11-10 09:00:00', NULL, '');
INSERT INTO __SCHEMA__.outbox VALUES (3, 1, NULL, 1, 'email', 'sent', 'data', 1, '2026-11-23 09:00:00', NULL, NULL, '<2026-00001.alert-1@example-homes.example>', '\x46726f6d3a20224578616d706c6520486f6d65732028726564726573732922203c636f6d706c61696e7473406578616d706c652d686f6d65732e6578616d706c653e0d0a546f3a20636f6d706c61696e7473406578616d706c652d686f6d65732e6578616d706c650d0a5375626a6563743a2052656d696e6465723a205374616765203120726573706f6e7365206f6e206361736520323032362d30303030312069732064756520576564203235204e6f7620323032360d0a446174653a204d6f6e2c203233204e6f7620323032362030393a30303a3030202b303030300d0a4d6573736167652d49443a203c323032362d30303030312e616c6572742d31406578616d706c652d686f6d65732e6578616d706c653e0d0a436f6e74656e742d547970653a20746578742f706c61696e3b20636861727365743d227574662d38220d0a436f6e74656e742d5472616e736665722d456e636f64696e673a2071756f7465642d7072696e7461626c650d0a4d494d452d56657273696f6e3a20312e300d0a0d0a52656d696e6465723a205374616765203120726573706f6e7365206f6e206361736520323032362d30303030312069732064756520576564203235204e6f7620323032362e20546861742069733d0d0a203220776f726b696e6720646179732066726f6d20746f6461792e20436f646520362e332e20436173652073746174653a207374616765312e0d0a0d0a436173653a20323032362d30303030310d0a7265647265737320636173652073686f7720323032362d30303030310d0a', 'complaints@example-homes.example', 'complaints@example-homes.example', 'written to redress-demo-letters/outbox/2026-00001-alert-1.eml', '', '2026-11-23 09:00:00', '2026-11-23 09:00:00', '2026-11-23 09:00:00', NULL, '');
INSERT INTO __SCHEMA__.outbox VALUES (4, 1, 4, NULL, 'email', 'sent', 'data', 1, '2026-11-27 10:00:00', NULL, NULL, '<2026-00001.letter-4.ddff1132e917a700@example-homes.example>', '\x46726f6d3a204578616d706c6520486f6d6573203c636f6d706c61696e7473406578616d706c652d686f6d65732e6578616d706c653e0d0a546f3a204d7320416c696365204578616d706c65203c616c696365406578616d706c652e6f72673e0d0a5375626a6563743a2057652068617665206c6f6767656420796f7572207265717565737420666f72206120726576696577202d206f7572207265666572656e636520323032362d30303030310d0a446174653a204672692c203237204e6f7620323032362031303a30303a3030202b303030300d0a4d6573736167652d49443a203c323032362d30303030312e6c65747465722d342e64646666313133326539313761373030406578616d706c652d686f6d65732e6578616d706c653e0d0a4d494d452d56657273696f6e3a20312e300d0a436f6e74656e742d547970653a206d756c7469706172742f616c7465726e61746976653b0d0a20626f756e646172793d223d3d3d3d3d3d3d3d3d3d3d3d3d3d3d303733363733323333363135393134303933343d3d220d0a0d0a2d2d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d303733363733323333363135393134303933343d3d0d0a436f6e74656e742d547970653a20746578742f706c61696e3b20636861727365743d227574662d38220d0a436f6e74656e742d5472616e736665722d456e636f64696e673a2071756f7465642d7072696e7461626c650d0a0d0a4578616d706c6520486f6d65730d0a32204d61726b6574205374726565740d0a4e6577746f776e0d0a4e5431203141410d0a50686f6e653a20303330302031323320343536370d0a456d61696c3a20636f6d706c61696e7473406578616d706c652d686f6d65732e6578616d706c650d0a0d0a467269646179203237204e6f76656d62657220323032360d0a0d0a4d7320416c696365204578616d706c650d0a0d0a4f7572207265666572656e63653a20323032362d30303030310d0a0d0a44656172204d7320416c696365204578616d706c650d0a0d0a57652068617665206c6f6767656420796f7572207265717565737420666f722061207265766965770d0a3d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d0d0a3d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33440d0a0d0a596f752061736b656420757320746f206c6f6f6b20617420796f757220636f6d706c61696e7420616761696e2e2057652068617665206c6f6767656420697420617420537461676520322e20543d0d0a68697320697320746865206c617374207374616765206f66206f757220636f6d706c61696e74732070726f636573732e20536f6d656f6e652077686f20646964206e6f74206465616c207769743d0d0a6820697420617420537461676520312077696c6c207265766965772069742e0d0a0d0a57686174207765207468696e6b20796f7520617265207374696c6c20756e68617070792061626f75740d0a3d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d0d0a3d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33440d0a0d0a546865207265736964656e742073617973203d43323d413331353020646f6573206e6f74207265666c65637420736978206d6f6e746873206f662064616d702e0d0a0d0a5768617420796f752077616e7420757320746f20646f0d0a3d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33440d0a0d0a412068696768657220617761726420616e64206120666f6c6c6f772d757020696e7370656374696f6e2e0d0a0d0a576861742077652061726520616e6420617265206e6f7420726573706f6e7369626c6520666f720d0a3d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d0d0a3d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33440d0a0d0a5468652077616c6c732c2077696e646f777320616e642076656e74696c6174696f6e20617265206f75727320746f207265706169722e204675726e697475726520616e642062656c6f6e67696e3d0d0a67732061726520636f766572656420627920796f757220636f6e74656e747320696e737572616e63652e0d0a0d0a4966207765206861766520676f7420616e79206f6620746869732077726f6e672c20706c656173652074656c6c20757320736f6f6e2e2050686f6e65207573206f6e20303330302031323320343d0d0a353637206f7220656d61696c20636f6d706c61696e7473406578616d706c652d686f6d65732e6578616d706c652e0d0a0d0a5768656e2077652077696c6c207265706c790d0a3d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33440d0a0d0a57652077696c6c2073656e6420796f75206f75722066696e616c20616e73776572206279205475657364617920323920446563656d62657220323032362e204966207765206e656564206d6f723d0d0a652074696d652c2077652077696c6c2074656c6c20796f752077687920616e64206769766520796f752061206e657720646174652e0d0a0d0a54686520486f7573696e67204f6d627564736d616e0d0a3d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33443d33440d0a0d0a596f752063616e2061736b2074686520486f7573696e67204f6d627564736d616e205365727669636520666f722068656c7020617420616e792074696d652e204974206973206672656520616e3d0d0a6420696e646570656e64656e742e2043616c6c2030333030203131312033303030206f7220676f20746f207777772e686f7573696e672d6f6d627564736d616e2e6f72672e756b2e0d0a0d0a596f7572732073696e636572656c790d0a0d0a436f6d706c61696e7473205465616d0d0a4578616d706c6520486f6d65730d0a0d0a2d2d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d303733363733323333363135393134303933343d3d0d0a436f6e74656e742d547970653a20746578742f68746d6c3b20636861727365743d227574662d38220d0a436f6e74656e742d5472616e736665722d456e636f64696e673a2071756f7465642d7072696e7461626c650d0a4d494d452d56657273696f6e3a20312e300d0a0d0a3c21444f43545950452068746d6c3e0d0a3c68746d6c206c616e673d334422656e2d4742223e3c686561643e3c6d65746120636861727365743d3344227574662d38223e3c7469746c653e57652068617665206c6f6767656420796f75723d0d0a207265717565737420666f72206120726576696577202d206f7572207265666572656e636520323032362d30303030313c2f7469746c653e3c7374796c653e626f64797b666f6e742d66616d693d0d0a6c793a417269616c2c48656c7665746963612c73616e732d73657269663b666f6e742d73697a653a313170743b6c696e652d6865696768743a312e353b6d61782d77696474683a3430656d3b6d3d0d0a617267696e3a31656d206175746f3b70616464696e673a302031656d7d68317b666f6e742d73697a653a312e33656d7d3c2f7374796c653e3c2f686561643e0d0a3c626f64793e0d0a3c703e4578616d706c6520486f6d65733c62723e0d0a32204d61726b6574205374726565743c62723e0d0a4e6577746f776e3c62723e0d0a4e5431203141413c62723e0d0a50686f6e653a20303330302031323320343536373c62723e0d0a456d61696c3a20636f6d706c61696e7473406578616d706c652d686f6d65732e6578616d706c653c2f703e0d0a3c703e467269646179203237204e6f76656d62657220323032363c2f703e0d0a3c703e4d7320416c696365204578616d706c653c2f703e0d0a3c703e4f7572207265666572656e63653a20323032362d30303030313c2f703e0d0a3c703e44656172204d7320416c696365204578616d706c653c2f703e0d0a3c68313e57652068617665206c6f6767656420796f7572207265717565737420666f722061207265766965773c2f68313e0d0a3c703e596f752061736b656420757320746f206c6f6f6b20617420796f757220636f6d706c61696e7420616761696e2e2057652068617665206c6f6767656420697420617420537461676520323d0d0a2e205468697320697320746865206c617374207374616765206f66206f757220636f6d706c61696e74732070726f636573732e20536f6d656f6e652077686f20646964206e6f74206465616c203d0d0a7769746820697420617420537461676520312077696c6c207265766965772069742e3c2f703e0d0a3c68313e57686174207765207468696e6b20796f7520617265207374696c6c20756e68617070792061626f75743c2f68313e0d0a3c703e546865207265736964656e742073617973203d43323d413331353020646f6573206e6f74207265666c65637420736978206d6f6e746873206f662064616d702e3c2f703e0d0a3c68313e5768617420796f752077616e7420757320746f20646f3c2f68313e0d0a3c703e412068696768657220617761726420616e64206120666f6c6c6f772d757020696e7370656374696f6e2e3c2f703e0d0a3c68313e576861742077652061726520616e6420617265206e6f7420726573706f6e7369626c6520666f723c2f68313e0d0a3c703e5468652077616c6c732c2077696e646f777320616e642076656e74696c6174696f6e20617265206f75727320746f207265706169722e204675726e697475726520616e642062656c6f6e3d0d0a67696e67732061726520636f766572656420627920796f757220636f6e74656e747320696e737572616e63652e3c2f703e0d0a3c703e4966207765206861766520676f7420616e79206f6620746869732077726f6e672c20706c656173652074656c6c20757320736f6f6e2e2050686f6e65207573206f6e20303330302031323d0d0a332034353637206f7220656d61696c20636f6d706c61696e7473406578616d706c652d686f6d65732e6578616d706c652e3c2f703e0d0a3c68313e5768656e2077652077696c6c207265706c793c2f68313e0d0a3c703e57652077696c6c2073656e6420796f75206f75722066696e616c20616e73776572206279205475657364617920323920446563656d62657220323032362e204966207765206e656564203d0d0a6d6f72652074696d652c2077652077696c6c2074656c6c20796f752077687920616e64206769766520796f752061206e657720646174652e3c2f703e0d0a3c68313e54686520486f7573696e67204f6d627564736d616e3c2f68313e0d0a3c703e596f752063616e2061736b2074686520486f7573696e67204f6d627564736d616e205365727669636520666f722068656c7020617420616e792074696d652e20497420697320667265653d0d0a20616e6420696e646570656e64656e742e2043616c6c2030333030203131312033303030206f7220676f20746f207777772e686f7573696e672d6f6d627564736d616e2e6f72672e756b2e3c2f3d0d0a703e0d0a3c703e596f7572732073696e636572656c793c2f703e0d0a3c703e436f6d706c61696e7473205465616d3c62723e0d0a4578616d706c6520486f6d65733c2f703e0d0a3c2f626f64793e3c2f68746d6c3e0d0a0d0a2d2d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d303733363733323333363135393134303933343d3d2d2d0d0a', 'complaints@example-homes.example', 'alice@example.org', 'written to redress-demo-letters/outbox/2026-00001-letter-4.eml', '', '2026-11-27 10:00:00', '2026-11-27 10:00:00', '2026-11-27 10:00:00', NULL, '');
INSERT INTO __SCHEMA__.outbox VALUES (7, 2, NULL, 3, 'email', 'sent', 'data', 1, '2026-11-20 09:00:00', NULL, NULL, '<2026-00002.alert-3@riverside-homes.example>', '\x46726f6d3a202252697665727369646520486f6d65732028726564726573732922203c636f6d706c61696e7473407269766572736964652d686f6d65732e6578616d706c653e0d0a546f3a20636f6d706c61696e7473406578616d706c652d686f6d65732e6578616d706c650d0a5375626a6563743a2052656d696e6465723a205374616765203120726573706f6e7365206f6e206361736520323032362d30303030322069732064756520547565203234204e6f7620323032360d0a446174653a204672692c203230204e6f7620323032362030393a30303a3030202b303030300d0a4d6573736167652d49443a203c323032362d30303030322e616c6572742d33407269766572736964652d686f6d65732e6578616d706c653e0d0a436f6e74656e742d547970653a20746578742f706c61696e3b20636861727365743d227574662d38220d0a436f6e74656e742d5472616e736665722d456e636f64696e673a2071756f7465642d7072696e7461626c650d0a4d494d452d56657273696f6e3a20312e300d0a0d0a52656d696e6465723a205374616765203120726573706f6e7365206f6e206361736520323032362d30303030322069732064756520547565203234204e6f7620323032362e20546861742069733d0d0a203220776f726b696e6720646179732066726f6d20746f6461792e20436f646520362e332e20436173652073746174653a207374616765312e0d0a0d0a436173653a20323032362d30303030320d0a7265647265737320636173652073686f7720323032362d30303030320d0a', 'complaints@riverside-homes.example', 'complaints@example-homes.example', 'written to redress-demo-letters/outbox/2026-00002-alert-3.eml', '', '2026-11-20 09:00:00', '2026-11-20 09:00:00', '2026-11-20 09:00:00', NULL, '');
INSERT INTO __SCHEMA__.outbox VALUES (6, 2, 6, NULL, 'post', 'sent', 'data', 1, '2026-11-12 10:00:00', NULL, NULL, '', NULL, '', '', 'written to redress-demo-letters/print/2026-00002-letter-1.pdf', '', '2026-11-12 10:00:00', '2026-11-12 10:00:00', '2026-11-12 10:00:00', NULL, '');
INSERT INTO __SCHEMA__.outbox VALUES (8, 3, NULL, 4, 'email', 'sent', 'data', 1, '2026-12-04 09:00:00', NULL, NULL, '<2026-00003.alert-4@example-homes.example>', '\x46726f6d3a20224578616d706c6520486f6d65732028726564726573732922203c636f6d706c61696e7473406578616d706c652d686f6d65732e6578616d706c653e0d0a546f3a20636f6d706c61696e7473406578616d706c652d686f6d65732e6578616d706c650d0a5375626a6563743a2052656d696e6465723a2041636b6e6f776c656467652c20646566696e6520616e64206c6f672061742073746167652031206f6e206361736520323032362d30303030330d0a20697320647565205475652030382044656320323032360d0a446174653a204672692c2030342044656320323032362030393a30303a3030202b303030300d0a4d6573736167652d49443a203c323032362d30303030332e616c6572742d34406578616d706c652d686f6d65732e6578616d706c653e0d0a436f6e74656e742d547970653a20746578742f706c61696e3b20636861727365743d227574662d38220d0a436f6e74656e742d5472616e736665722d456e636f64696e673a2071756f7465642d7072696e7461626c650d0a4d494d452d56657273696f6e3a20312e300d0a0d0a52656d696e6465723a2041636b6e6f776c656467652c20646566696e6520616e64206c6f672061742073746167652031206f6e206361736520323032362d3030303033206973206475652054753d0d0a652030382044656320323032362e2054686174206973203220776f726b696e6720646179732066726f6d20746f6461792e20436f646520362e322e20436173652073746174653a2072656365693d0d0a7665642e0d0a0d0a436173653a20323032362d30303030330d0a7265647265737320636173652073686f7720323032362d30303030330d0a', 'complaints@example-homes.example', 'complaints@example-homes.example', 'written to redress-demo-letters/outbox/2026-00003-alert-4.eml', '', '2026-12-04 09:00:00', '2026-12-04 09:00:00', '2026-12-04 09:00:00', NULL, '');
INSERT INTO __SCHEMA__.outbox VALUES (9, 3, NULL, 5, 'email', 'sent', 'data', 1, '2026-12-09 00:00:00', NULL, NULL, '<2026-00003.alert-5@example-homes.example>', '\x46726f6d3a20224578616d706c6520486f6d65732028726564726573732922203c636f6d706c61696e7473406578616d706c652d686f6d65732e6578616d706c653e0d0a546f3a20636f6d706c61696e7473406578616d706c652d686f6d65732e6578616d706c650d0a5375626a6563743a204272656163683a2041636b6e6f776c656467652c20646566696e6520616e64206c6f672061742073746167652031206f6e206361736520323032362d3030303033207761730d0a20647565205475652030382044656320323032360d0a446174653a205765642c2030392044656320323032362030303a30303a3030202b303030300d0a4d6573736167652d49443a203c323032362d30303030332e616c6572742d35406578616d706c652d686f6d65732e6578616d706c653e0d0a436f6e74656e742d547970653a20746578742f706c61696e3b20636861727365743d227574662d38220d0a436f6e74656e742d5472616e736665722d456e636f64696e673a2071756f7465642d7072696e7461626c650d0a4d494d452d56657273696f6e3a20312e300d0a0d0a4272656163683a2041636b6e6f776c656467652c20646566696e6520616e64206c6f672061742073746167652031206f6e206361736520323032362d30303030332077617320647565205475653d0d0a20303820446563203230323620616e6420686173206e6f74206265656e206d65742028436f646520362e32292e2054686520627265616368206973207265636f72646564206f6e2074686520633d0d0a6173652e0d0a0d0a436173653a20323032362d30303030330d0a7265647265737320636173652073686f7720323032362d30303030330d0a', 'complaints@example-homes.example', 'complaints@example-homes.example', 'written to redress-demo-letters/outbox/2026-00003-alert-5.eml', '', '2026-12-09 00:00:00', '2026-12-09 00:00:00', '2026-12-09 00:00:00', NULL, '');

INSERT INTO __SCHEMA__.timer_job VALUES (1, 1, 1, 'remind', '2026-11-05 09:00:00', 'cancelled', '{"to":"team","working_days":"2"}', '2026-11-02 09:00:00', NULL, NULL, 'replaced: the deadline changed');
INSERT INTO __SCHEMA__.timer_job VALUES (2, 1, 1, 'expire', '2026-11-10 00:00:00', 'cancelled', '{}', '2026-11-02 09:00:00', NULL, NULL, 'replaced: the deadline changed');
INSERT INTO __SCHEMA__.timer_job VALUES (3, 1, 2, 'remind', '2026-11-16 09:00:00', 'cancelled', '{"to":"handler","working_days":"2"}', '2026-11-04 10:00:00', NULL, NULL, 'replaced: the deadline changed');
INSERT INTO __SCHEMA__.timer_job VALUES (4, 1, 2, 'expire', '2026-11-19 00:00:00', 'cancelled', '{}', '2026-11-04 10:00:00', NULL, NULL, 'replaced: the deadline changed');
INSERT INTO __SCHEMA__.timer_job VALUES (5, 1, 2, 'remind', '2026-11-23 09:00:00', 'done', '{"to":"handler","working_days":"2"}', '2026-11-13 10:00:00', '2026-11-23 09:00:00', 'vm:7341:3cd011', 'reminded');
INSERT INTO __SCHEMA__.timer_job VALUES (6, 1, 2, 'expire', '2026-11-26 00:00:00', 'cancelled', '{}', '2026-11-13 10:00:00', NULL, NULL, 'replaced: the deadline changed');
INSERT INTO __SCHEMA__.timer_job VALUES (7, 1, 3, 'expire', '2026-12-22 00:00:00', 'cancelled', '{}', '2026-11-23 10:00:00', NULL, NULL, 'replaced: the deadline changed');
INSERT INTO __SCHEMA__.timer_job VALUES (8, 1, 4, 'remind', '2026-11-30 09:00:00', 'cancelled', '{"to":"team","working_days":"2"}', '2026-11-25 10:00:00', NULL, NULL, 'replaced: the deadline changed');
INSERT INTO __SCHEMA__.timer_job VALUES (9, 1, 4, 'expire', '2026-12-03 00:00:00', 'cancelled', '{}', '2026-11-25 10:00:00', NULL, NULL, 'replaced: the deadline changed');
INSERT INTO __SCHEMA__.timer_job VALUES (10, 1, 5, 'remind', '2026-12-22 09:00:00', 'cancelled', '{"to":"handler","working_days":"3"}', '2026-11-27 10:00:00', NULL, NULL, 'replaced: the deadline changed');
INSERT INTO __SCHEMA__.timer_job VALUES (11, 1, 5, 'expire', '2026-12-30 00:00:00', 'cancelled', '{}', '2026-11-27 10:00:00', NULL, NULL, 'replaced: the deadline changed');
INSERT INTO __SCHEMA__.timer_job VALUES (12, 2, 1, 'remind', '2026-11-10 09:00:00', 'done', '{"to":"team","working_days":"2"}', '2026-11-09 09:00:00', '2026-11-10 09:00:00', 'vm:7341:3cd011', 'reminded');
INSERT INTO __SCHEMA__.timer_job VALUES (13, 2, 1, 'expire', '2026-11-13 00:00:00', 'cancelled', '{}', '2026-11-09 09:00:00', NULL, NULL, 'replaced: the deadline changed');
INSERT INTO __SCHEMA__.timer_job VALUES (14, 2, 2, 'remind', '2026-11-20 09:00:00', 'done', '{"to":"handler","working_days":"2"}', '2026-11-12 10:00:00', '2026-11-20 09:00:00', 'vm:7341:3cd011', 'reminded');
INSERT INTO __SCHEMA__.timer_job VALUES (15, 2, 2, 'expire', '2026-11-25 00:00:00', 'cancelled', '{}', '2026-11-12 10:00:00', NULL, NULL, 'replaced: the deadline changed');
INSERT INTO __SCHEMA__.timer_job VALUES (16, 2, 3, 'expire', '2026-12-23 00:00:00', 'pending', '{}', '2026-11-24 10:00:00', NULL, NULL, '');
INSERT INTO __SCHEMA__.timer_job VALUES (17, 3, 1, 'remind', '2026-12-04 09:00:00', 'done', '{"to":"team","working_days":"2"}', '2026-12-01 09:00:00', '2026-12-04 09:00:00', 'vm:7341:3cd011', 'reminded');
INSERT INTO __SCHEMA__.timer_job VALUES (18, 3, 1, 'expire', '2026-12-09 00:00:00', 'done', '{}', '2026-12-01 09:00:00', '2026-12-09 00:00:00', 'vm:7341:3cd011', 'breach recorded');

INSERT INTO __SCHEMA__.workflow_definition VALUES ('318361044c68ac141346f4da61294fddb0e7831481e0dc8d2e19da6583111729', 'chc-2024', '{"workflow":"chc-2024","title":"Complaint Handling Code (statutory), from 1 April 2024","edition":"2024","effective_from":"2024-04-01","calendar":"england-and-wales","stages":{"max":2,"code":"5.3"},"rules":{"different_stage2_handler":{"code":"6.13"},"escalation_without_reason":{"code":"6.12"}},"exclusions":{"time_limit":{"months":12,"code":"2.3","label":"the issue arose more than 12 months ago"},"legal_proceedings":{"code":"2.2","label":"legal proceedings have started"},"previously_considered":{"code":"2.2","label":"already considered under the complaints policy"}},"states":{"received":{"stage":1,"initial":true,"label":"Received - to be acknowledged"},"stage1":{"stage":1,"label":"Stage 1 - under investigation"},"stage1_responded":{"stage":1,"label":"Stage 1 response sent"},"stage2_requested":{"stage":2,"label":"Escalation requested - to be acknowledged"},"stage2":{"stage":2,"label":"Stage 2 - under review"},"stage2_responded":{"stage":2,"label":"Stage 2 final response sent"},"not_accepted":{"final":true,"label":"Not accepted into the complaints process"},"withdrawn":{"final":true,"label":"Withdrawn by the resident"},"closed":{"final":true,"label":"Closed"}},"timers":{"acknowledge":{"working_days":5,"starts":"received","met_by":["acknowledge","refuse"],"code":"6.2","label":"Acknowledge, define and log at stage 1","remind":{"working_days":2,"to":"team"}},"stage1_response":{"working_days":10,"starts":"stage1","met_by":["respond"],"code":"6.3","label":"Stage 1 response","extend":{"max_working_days":10,"code":"6.4"},"remind":{"working_days":2,"to":"handler"},"updates":{"field":"update_every","code":"5.9"}},"stage2_acknowledge":{"working_days":5,"starts":"stage2_requested","met_by":["acknowledge","decline_escalation"],"code":"6.11","label":"Acknowledge, define and log at stage 2","remind":{"working_days":2,"to":"team"}},"stage2_response":{"working_days":20,"starts":"stage2","met_by":["respond"],"code":"6.14","label":"Stage 2 final response","extend":{"max_working_days":20,"code":"6.15"},"remind":{"working_days":3,"to":"handler"},"updates":{"field":"update_every","code":"5.9"}},"escalation_window":{"working_days":20,"starts":"stage1_responded","met_by":["escalate"],"window":"resident","on_expiry":{"action":"close"},"code":"6.10","label":"Resident''s time to ask for stage 2"},"outstanding_action":{"started_by":"record_action","on_date":"due","describe":"what","met_by":["complete_action"],"code":"7.3","label":"Outstanding action","remind":{"working_days":2,"to":"handler"}}},"actions":{"acknowledge":{"label":"Acknowledge, define and log the complaint","moves":{"received":"stage1","stage2_requested":"stage2"},"requires":{"complaint_definition":"5.6","outcomes_sought":"5.6"},"accepts":["responsibility","handler_notes"]},"extend":{"label":"Extend the response deadline","effect":"extend","moves":{"stage1":"stage1","stage2":"stage2"},"requires":{"working_days":"6.4","reason":"6.4"},"accepts":["good_reason","timer","update_every"]},"respond":{"label":"Send the stage response","moves":{"stage1":"stage1_responded","stage2":"stage2_responded"},"requires":{"decision":"6.9","reasons":"6.9","remedy":"6.9","outstanding_actions":"6.9"}},"escalate":{"label":"Record the resident''s request for stage 2","moves":{"stage1_responded":"stage2_requested"},"code":"6.10","accepts":["resident_reasons"]},"refuse":{"label":"Do not accept the complaint","effect":"refuse","moves":{"received":"not_accepted"},"requires":{"ground":"2.4","explanation":"2.4"}},"decline_escalation":{"label":"Decline to escalate","effect":"refuse","moves":{"stage2_requested":"closed"},"requires":{"ground":"5.11","explanation":"5.11"}},"withdraw":{"label":"Record that the resident withdrew the complaint","moves":{"*":"withdrawn"},"accepts":["note"]},"close":{"label":"Close the case","moves":{"stage1_responded":"closed","stage2_responded":"closed"},"accepts":["note"]},"reopen":{"label":"Take on a complaint the Ombudsman says should be accepted","moves":{"not_accepted":"received"},"code":"2.4","requires":{"instruction":"2.4"}},"record_action":{"label":"Record an action promised to the resident, and its date (6.6, 7.3)","moves":{"stage1_responded":"stage1_responded","stage2_requested":"stage2_requested","stage2":"stage2","stage2_responded":"stage2_responded","closed":"closed"},"requires":{"what":"6.6","due":"7.3"}},"complete_action":{"label":"Record that a promised action is done","moves":{"stage1_responded":"stage1_responded","stage2_requested":"stage2_requested","stage2":"stage2","stage2_responded":"stage2_responded","closed":"closed"},"requires":{"deadline":"6.6"},"accepts":["note"]}},"letters":{"stage1_acknowledgement":{"title":"We have logged your complaint","on":{"action":"acknowledge","from":"received"},"dispatch":"automatic","due":"stage1_response","must_contain":{"complaint_stage":"6.2","complaint_definition":"5.6","outcomes_sought":"5.6","responsibility":"5.7","response_due":"6.3","ombudsman_right":"3.7"}},"stage1_extension":{"title":"We need more time to answer your complaint","on":{"action":"extend","from":"stage1"},"dispatch":"automatic","due":"stage1_response","must_contain":{"extension_reason":"6.4","new_response_date":"6.4","ombudsman_contact":"6.5"}},"stage1_response":{"title":"Our answer to your complaint","on":{"action":"respond","from":"stage1"},"dispatch":"manual","must_contain":{"complaint_stages":"6.9(a)","complaint_definition":"6.9(b)","decision":"6.9(c)","reasons":"6.9(d)","remedy":"6.9(e)","outstanding_actions":"6.9(f)","escalation_route":"6.9(g)","ombudsman_right":"3.7"}},"stage2_acknowledgement":{"title":"We have logged your request for a review","on":{"action":"acknowledge","from":"stage2_requested"},"dispatch":"automatic","due":"stage2_response","must_contain":{"complaint_stage":"6.11","complaint_definition":"5.6","outcomes_sought":"5.6","responsibility":"5.7","response_due":"6.14","ombudsman_right":"3.7"}},"stage2_extension":{"title":"We need more time to review your complaint","on":{"action":"extend","from":"stage2"},"dispatch":"automatic","due":"stage2_response","must_contain":{"extension_reason":"6.15","new_response_date":"6.15","ombudsman_contact":"6.16"}},"stage2_response":{"title":"Our final answer to your complaint","on":{"action":"respond","from":"stage2"},"dispatch":"manual","must_contain":{"complaint_stage":"6.19(a)","complaint_definition":"6.19(b)","decision":"6.19(c)","reasons":"6.19(d)","remedy":"6.19(e)","outstanding_actions":"6.19(f)","ombudsman_contact":"6.19(g)"}},"not_accepted":{"title":"We cannot take on your complaint","on":{"action":"refuse","from":"received"},"dispatch":"manual","must_contain":{"refusal_reasons":"2.4","ombudsman_right":"2.4"}},"escalation_declined":{"title":"We cannot take your complaint to Stage 2","on":{"action":"decline_escalation","from":"stage2_requested"},"dispatch":"manual","must_contain":{"refusal_reasons":"5.11","ombudsman_right":"2.4"}}},"templates":["chc-2024"]}', '2026-11-02 09:00:00');
INSERT INTO __SCHEMA__.workflow_definition VALUES ('932571175b203314e6d9ff65117dabd80691ba10e3a2e33b467b2f551e062569', 'landlord-2024', '{"workflow":"landlord-2024","title":"Riverside Homes complaints procedure (2024 Code, tighter timescales)","edition":"2024","effective_from":"2024-04-01","calendar":"england-and-wales","stages":{"max":2,"code":"5.3"},"rules":{"different_stage2_handler":{"code":"6.13"},"escalation_without_reason":{"code":"6.12"}},"exclusions":{"time_limit":{"months":12,"code":"2.3","label":"the issue arose more than 12 months ago"},"legal_proceedings":{"code":"2.2","label":"legal proceedings have started"},"previously_considered":{"code":"2.2","label":"already considered under the complaints policy"}},"states":{"received":{"stage":1,"initial":true,"label":"New complaint - acknowledge within 3 working days"},"stage1":{"stage":1,"label":"Stage 1 - with the investigating officer"},"stage1_responded":{"stage":1,"label":"Stage 1 response sent"},"stage2_requested":{"stage":2,"label":"Escalation requested - to be acknowledged"},"stage2":{"stage":2,"label":"Stage 2 - with the review manager"},"stage2_responded":{"stage":2,"label":"Stage 2 final response sent"},"not_accepted":{"final":true,"label":"Not accepted into the complaints process"},"withdrawn":{"final":true,"label":"Withdrawn by the resident"},"closed":{"final":true,"label":"Closed"}},"timers":{"acknowledge":{"working_days":3,"starts":"received","met_by":["acknowledge","refuse"],"code":"6.2","label":"Acknowledge within 3 working days","remind":{"working_days":2,"to":"team"}},"stage1_response":{"working_days":8,"starts":"stage1","met_by":["respond"],"code":"6.3","label":"Stage 1 response","extend":{"max_working_days":5,"code":"6.4"},"remind":{"working_days":2,"to":"handler"},"updates":{"field":"update_every","code":"5.9"}},"stage2_acknowledge":{"working_days":3,"starts":"stage2_requested","met_by":["acknowledge","decline_escalation"],"code":"6.11","label":"Acknowledge, define and log at stage 2","remind":{"working_days":2,"to":"team"}},"stage2_response":{"working_days":15,"starts":"stage2","met_by":["respond"],"code":"6.14","label":"Stage 2 final response","extend":{"max_working_days":20,"code":"6.15"},"remind":{"working_days":3,"to":"handler"},"updates":{"field":"update_every","code":"5.9"}},"escalation_window":{"working_days":20,"starts":"stage1_responded","met_by":["escalate"],"window":"resident","on_expiry":{"action":"close"},"code":"6.10","label":"Resident''s time to ask for stage 2"},"outstanding_action":{"started_by":"record_action","on_date":"due","describe":"what","met_by":["complete_action"],"code":"7.3","label":"Outstanding action","remind":{"working_days":2,"to":"handler"}},"satisfaction_survey":{"days":28,"starts":"closed","met_by":["send_survey"],"on_expiry":{"action":"send_survey"},"code":"1.6","label":"Satisfaction survey, 28 days after closure"}},"actions":{"acknowledge":{"label":"Acknowledge, define and log the complaint","moves":{"received":"stage1","stage2_requested":"stage2"},"requires":{"complaint_definition":"5.6","outcomes_sought":"5.6","investigating_team":"landlord"},"accepts":["responsibility","handler_notes"]},"extend":{"label":"Extend the response deadline","effect":"extend","moves":{"stage1":"stage1","stage2":"stage2"},"requires":{"working_days":"6.4","reason":"6.4"},"accepts":["good_reason","timer","update_every"]},"respond":{"label":"Send the stage response","moves":{"stage1":"stage1_responded","stage2":"stage2_responded"},"requires":{"decision":"6.9","reasons":"6.9","remedy":"6.9","outstanding_actions":"6.9"}},"escalate":{"label":"Record the resident''s request for stage 2","moves":{"stage1_responded":"stage2_requested"},"code":"6.10","accepts":["resident_reasons"]},"refuse":{"label":"Do not accept the complaint","effect":"refuse","moves":{"received":"not_accepted"},"requires":{"ground":"2.4","explanation":"2.4"}},"decline_escalation":{"label":"Decline to escalate","effect":"refuse","moves":{"stage2_requested":"closed"},"requires":{"ground":"5.11","explanation":"5.11"}},"withdraw":{"label":"Record that the resident withdrew the complaint","moves":{"*":"withdrawn"},"accepts":["note"]},"close":{"label":"Close the case","moves":{"stage1_responded":"closed","stage2_responded":"closed"},"accepts":["note"]},"reopen":{"label":"Take on a complaint the Ombudsman says should be accepted","moves":{"not_accepted":"received"},"code":"2.4","requires":{"instruction":"2.4"}},"record_action":{"label":"Record an action promised to the resident, and its date (6.6, 7.3)","moves":{"stage1_responded":"stage1_responded","stage2_requested":"stage2_requested","stage2":"stage2","stage2_responded":"stage2_responded","closed":"closed"},"requires":{"what":"6.6","due":"7.3"}},"complete_action":{"label":"Record that a promised action is done","moves":{"stage1_responded":"stage1_responded","stage2_requested":"stage2_requested","stage2":"stage2","stage2_responded":"stage2_responded","closed":"closed"},"requires":{"deadline":"6.6"},"accepts":["note"]},"send_survey":{"label":"Send the satisfaction survey","moves":{"closed":"closed"}}},"letters":{"stage1_acknowledgement":{"title":"We have logged your complaint","on":{"action":"acknowledge","from":"received"},"dispatch":"automatic","due":"stage1_response","must_contain":{"complaint_stage":"6.2","complaint_definition":"5.6","outcomes_sought":"5.6","responsibility":"5.7","response_due":"6.3","ombudsman_right":"3.7","investigating_team":{"code":"landlord","label":"the team investigating the complaint","shows":["fields.investigating_team"]}}},"stage1_extension":{"title":"We need more time to answer your complaint","on":{"action":"extend","from":"stage1"},"dispatch":"automatic","due":"stage1_response","must_contain":{"extension_reason":"6.4","new_response_date":"6.4","ombudsman_contact":"6.5"}},"stage1_response":{"title":"Our answer to your complaint","on":{"action":"respond","from":"stage1"},"dispatch":"manual","must_contain":{"complaint_stages":"6.9(a)","complaint_definition":"6.9(b)","decision":"6.9(c)","reasons":"6.9(d)","remedy":"6.9(e)","outstanding_actions":"6.9(f)","escalation_route":"6.9(g)","ombudsman_right":"3.7"}},"stage2_acknowledgement":{"title":"We have logged your request for a review","on":{"action":"acknowledge","from":"stage2_requested"},"dispatch":"automatic","due":"stage2_response","must_contain":{"complaint_stage":"6.11","complaint_definition":"5.6","outcomes_sought":"5.6","responsibility":"5.7","response_due":"6.14","ombudsman_right":"3.7"}},"stage2_extension":{"title":"We need more time to review your complaint","on":{"action":"extend","from":"stage2"},"dispatch":"automatic","due":"stage2_response","must_contain":{"extension_reason":"6.15","new_response_date":"6.15","ombudsman_contact":"6.16"}},"stage2_response":{"title":"Our final answer to your complaint","on":{"action":"respond","from":"stage2"},"dispatch":"manual","must_contain":{"complaint_stage":"6.19(a)","complaint_definition":"6.19(b)","decision":"6.19(c)","reasons":"6.19(d)","remedy":"6.19(e)","outstanding_actions":"6.19(f)","ombudsman_contact":"6.19(g)"}},"not_accepted":{"title":"We cannot take on your complaint","on":{"action":"refuse","from":"received"},"dispatch":"manual","must_contain":{"refusal_reasons":"2.4","ombudsman_right":"2.4"}},"escalation_declined":{"title":"We cannot take your complaint to Stage 2","on":{"action":"decline_escalation","from":"stage2_requested"},"dispatch":"manual","must_contain":{"refusal_reasons":"5.11","ombudsman_right":"2.4"}},"satisfaction_survey":{"title":"How did we handle your complaint?","on":{"action":"send_survey","from":"closed"},"dispatch":"automatic","must_contain":{"how_to_complain":{"code":"1.6","label":"how to make a complaint","shows":["landlord.complaints_email","landlord.complaints_phone"]}}}},"templates":["landlord-2024","chc-2024"],"landlord":{"name":"Riverside Homes","address":"1 Quay Street, Anytown, AN1 2QS","complaints_email":"complaints@riverside-homes.example","complaints_phone":"0300 000 0000","signatory_role":"Complaints Resolution Team"}}', '2026-11-09 09:00:00');

SELECT pg_catalog.setval('__SCHEMA__.alert_id_seq', 6, true);

SELECT pg_catalog.setval('__SCHEMA__.case_event_id_seq', 13, true);

SELECT pg_catalog.setval('__SCHEMA__.complaint_case_id_seq', 3, true);

SELECT pg_catalog.setval('__SCHEMA__.deadline_id_seq', 9, true);

SELECT pg_catalog.setval('__SCHEMA__.letter_id_seq', 7, true);

SELECT pg_catalog.setval('__SCHEMA__.outbox_id_seq', 10, true);

SELECT pg_catalog.setval('__SCHEMA__.timer_job_id_seq', 18, true);

ALTER TABLE ONLY __SCHEMA__.alembic_version
    ADD CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num);

ALTER TABLE ONLY __SCHEMA__.alert
    ADD CONSTRAINT alert_pkey PRIMARY KEY (id);

ALTER TABLE ONLY __SCHEMA__.case_event
    ADD CONSTRAINT case_event_case_id_seq_key UNIQUE (case_id, seq);

ALTER TABLE ONLY __SCHEMA__.case_event
    ADD CONSTRAINT case_event_pkey PRIMARY KEY (id);

ALTER TABLE ONLY __SCHEMA__.complaint_case
    ADD CONSTRAINT complaint_case_pkey PRIMARY KEY (id);

ALTER TABLE ONLY __SCHEMA__.deadline
    ADD CONSTRAINT deadline_case_id_seq_key UNIQUE (case_id, seq);

ALTER TABLE ONLY __SCHEMA__.deadline
    ADD CONSTRAINT deadline_pkey PRIMARY KEY (id);

ALTER TABLE ONLY __SCHEMA__.letter
    ADD CONSTRAINT letter_case_id_seq_key UNIQUE (case_id, seq);

ALTER TABLE ONLY __SCHEMA__.letter
    ADD CONSTRAINT letter_pkey PRIMARY KEY (id);

ALTER TABLE ONLY __SCHEMA__.outbox
    ADD CONSTRAINT outbox_alert_id_key UNIQUE (alert_id);

ALTER TABLE ONLY __SCHEMA__.outbox
    ADD CONSTRAINT outbox_letter_id_key UNIQUE (letter_id);

ALTER TABLE ONLY __SCHEMA__.outbox
    ADD CONSTRAINT outbox_pkey PRIMARY KEY (id);

ALTER TABLE ONLY __SCHEMA__.timer_job
    ADD CONSTRAINT timer_job_pkey PRIMARY KEY (id);

ALTER TABLE ONLY __SCHEMA__.workflow_definition
    ADD CONSTRAINT workflow_definition_pkey PRIMARY KEY (digest);

CREATE INDEX ix_alert_case_id ON __SCHEMA__.alert USING btree (case_id);

CREATE INDEX ix_case_event_case_id ON __SCHEMA__.case_event USING btree (case_id);

CREATE UNIQUE INDEX ix_complaint_case_ref ON __SCHEMA__.complaint_case USING btree (ref);

CREATE INDEX ix_complaint_case_state ON __SCHEMA__.complaint_case USING btree (state);

CREATE INDEX ix_deadline_case_id ON __SCHEMA__.deadline USING btree (case_id);

CREATE INDEX ix_deadline_due ON __SCHEMA__.deadline USING btree (due);

CREATE INDEX ix_deadline_status ON __SCHEMA__.deadline USING btree (status);

CREATE INDEX ix_letter_case_id ON __SCHEMA__.letter USING btree (case_id);

CREATE INDEX ix_outbox_case_id ON __SCHEMA__.outbox USING btree (case_id);

CREATE INDEX ix_outbox_due ON __SCHEMA__.outbox USING btree (state, next_attempt_at);

CREATE INDEX ix_timer_job_case_id ON __SCHEMA__.timer_job USING btree (case_id);

CREATE INDEX ix_timer_job_due ON __SCHEMA__.timer_job USING btree (state, due_at);

ALTER TABLE ONLY __SCHEMA__.alert
    ADD CONSTRAINT alert_case_id_fkey FOREIGN KEY (case_id) REFERENCES __SCHEMA__.complaint_case(id);

ALTER TABLE ONLY __SCHEMA__.case_event
    ADD CONSTRAINT case_event_case_id_fkey FOREIGN KEY (case_id) REFERENCES __SCHEMA__.complaint_case(id);

ALTER TABLE ONLY __SCHEMA__.complaint_case
    ADD CONSTRAINT complaint_case_digest_fkey FOREIGN KEY (digest) REFERENCES __SCHEMA__.workflow_definition(digest);

ALTER TABLE ONLY __SCHEMA__.deadline
    ADD CONSTRAINT deadline_case_id_fkey FOREIGN KEY (case_id) REFERENCES __SCHEMA__.complaint_case(id);

ALTER TABLE ONLY __SCHEMA__.letter
    ADD CONSTRAINT letter_case_id_fkey FOREIGN KEY (case_id) REFERENCES __SCHEMA__.complaint_case(id);

ALTER TABLE ONLY __SCHEMA__.outbox
    ADD CONSTRAINT outbox_alert_id_fkey FOREIGN KEY (alert_id) REFERENCES __SCHEMA__.alert(id);

ALTER TABLE ONLY __SCHEMA__.outbox
    ADD CONSTRAINT outbox_case_id_fkey FOREIGN KEY (case_id) REFERENCES __SCHEMA__.complaint_case(id);

ALTER TABLE ONLY __SCHEMA__.outbox
    ADD CONSTRAINT outbox_letter_id_fkey FOREIGN KEY (letter_id) REFERENCES __SCHEMA__.letter(id);

ALTER TABLE ONLY __SCHEMA__.timer_job
    ADD CONSTRAINT timer_job_case_id_fkey FOREIGN KEY (case_id) REFERENCES __SCHEMA__.complaint_case(id);

