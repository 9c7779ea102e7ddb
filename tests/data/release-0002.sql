BEGIN TRANSACTION;
CREATE TABLE alembic_version (
	version_num VARCHAR(32) NOT NULL, 
	CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);
INSERT INTO "alembic_version" VALUES('0002');
CREATE TABLE case_event (
	id INTEGER NOT NULL, 
	case_id INTEGER NOT NULL, 
	seq INTEGER NOT NULL, 
	action VARCHAR(100) NOT NULL, 
	actor VARCHAR(200) NOT NULL, 
	from_state VARCHAR(100), 
	to_state VARCHAR(100) NOT NULL, 
	fields TEXT NOT NULL, 
	changes TEXT NOT NULL, 
	clock_at DATETIME NOT NULL, 
	recorded_at DATETIME NOT NULL, 
	prev_hash VARCHAR(64) NOT NULL, 
	hash VARCHAR(64) NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (case_id, seq), 
	FOREIGN KEY(case_id) REFERENCES complaint_case (id)
);
INSERT INTO "case_event" VALUES(1,1,1,'open','complaints.team',NULL,'received','{"received":"2026-11-02","resident":"Ms Alice Example"}','[{"change":"started","deadline":"acknowledge","due":"2026-11-09"}]','2026-11-02 09:00:00.000000','2026-11-29 19:28:16.424515','0000000000000000000000000000000000000000000000000000000000000000','2ce6dc2851ccfc7933495637a2ff965898902e8c2a4ce180522a7f016f64244c');
INSERT INTO "case_event" VALUES(2,1,2,'acknowledge','complaints.team','received','stage1','{"complaint_definition":"Damp and mould in the back bedroom, reported three times since June and not put right.","outcomes_sought":"Find the cause, treat the mould, redecorate, and recognise the delay.","responsibility":"The walls, windows and ventilation are ours to repair. Furniture and belongings are covered by your contents insurance."}','[{"change":"met","deadline":"acknowledge","due":"2026-11-09"},{"change":"started","deadline":"stage1_response","due":"2026-11-18"}]','2026-11-04 10:00:00.000000','2026-11-29 19:28:16.471409','2ce6dc2851ccfc7933495637a2ff965898902e8c2a4ce180522a7f016f64244c','50eeb67308fc503bdeed62ca5be27afefc3225c54d7e7d246ad867fc8e4fab0c');
INSERT INTO "case_event" VALUES(3,1,3,'extend','j.patel','stage1','stage1','{"reason":"A damp survey is booked for 20 November and its findings decide the remedy.","working_days":"5"}','[{"change":"extended","code":"6.4","deadline":"stage1_response","due":"2026-11-25","previous_due":"2026-11-18","working_days":5}]','2026-11-13 10:00:00.000000','2026-11-29 19:28:16.485552','50eeb67308fc503bdeed62ca5be27afefc3225c54d7e7d246ad867fc8e4fab0c','34e89a3982d685bfa3334c43b68113a89110545087599796180d67a2f475e85e');
INSERT INTO "case_event" VALUES(4,1,4,'respond','j.patel','stage1','stage1_responded','{"decision":"Upheld","outstanding_actions":"Redecoration booked for 4 December 2026.","reasons":"Repairs were not completed within our published timescales.","remedy":"Mould treatment and redecoration, and \u00a3150 for the time and trouble."}','[{"change":"met","deadline":"stage1_response","due":"2026-11-25"}]','2026-11-23 10:00:00.000000','2026-11-29 19:28:16.495760','34e89a3982d685bfa3334c43b68113a89110545087599796180d67a2f475e85e','0abc77e1311192558bf2ce52b1ab4ee2a09c9136c3112cd4e2d1b1f987f78834');
INSERT INTO "case_event" VALUES(5,1,5,'escalate','complaints.team','stage1_responded','stage2_requested','{}','[{"change":"started","deadline":"stage2_acknowledge","due":"2026-12-02"}]','2026-11-25 10:00:00.000000','2026-11-29 19:28:16.499909','0abc77e1311192558bf2ce52b1ab4ee2a09c9136c3112cd4e2d1b1f987f78834','9415cd3b0130b8a3e3b5c6819842a79f49ef1a8456d2715c4d3e8c94e2358ee6');
INSERT INTO "case_event" VALUES(6,1,6,'acknowledge','complaints.team','stage2_requested','stage2','{"complaint_definition":"The resident says \u00a3150 does not reflect six months of damp.","outcomes_sought":"A higher award and a follow-up inspection."}','[{"change":"met","deadline":"stage2_acknowledge","due":"2026-12-02"},{"change":"started","deadline":"stage2_response","due":"2026-12-29"}]','2026-11-27 10:00:00.000000','2026-11-29 19:28:16.508189','9415cd3b0130b8a3e3b5c6819842a79f49ef1a8456d2715c4d3e8c94e2358ee6','5bbf2e0a6c6cf6bfec5893ed2dd6f371e5f7035bdb4a34d931714166fbe9fc34');
INSERT INTO "case_event" VALUES(7,1,7,'respond','s.khan','stage2','stage2_responded','{"decision":"Partly upheld","outstanding_actions":"Inspection on 12 January 2027.","reasons":"The award did not reflect the length of the problem.","remedy":"Award increased to \u00a3400; follow-up inspection in January."}','[{"change":"met","deadline":"stage2_response","due":"2026-12-29"}]','2026-12-14 10:00:00.000000','2026-11-29 19:28:16.516565','5bbf2e0a6c6cf6bfec5893ed2dd6f371e5f7035bdb4a34d931714166fbe9fc34','76ee35b2d63d0750e4162b9383cbe83aa74f71ad3a548ac44fc583784f81d265');
INSERT INTO "case_event" VALUES(8,1,8,'close','complaints.team','stage2_responded','closed','{}','[]','2026-12-16 10:00:00.000000','2026-11-29 19:28:16.520377','76ee35b2d63d0750e4162b9383cbe83aa74f71ad3a548ac44fc583784f81d265','a015f515cd7bbd58ea8dd7289f9920dc4374ba95cc87f7a3d0e3d7b11cab63c1');
INSERT INTO "case_event" VALUES(9,2,1,'open','complaints.team',NULL,'received','{"adjustment.large_print":"yes","received":"2026-11-09","resident":"Mr Ben Sample"}','[{"change":"started","deadline":"acknowledge","due":"2026-11-12"}]','2026-11-09 09:00:00.000000','2026-11-29 19:28:16.548112','0000000000000000000000000000000000000000000000000000000000000000','8e33b18f96261a5ac8c8f865ee5926a071086c51b83b5cac904ebfffba8e1a88');
INSERT INTO "case_event" VALUES(10,2,2,'acknowledge','complaints.team','received','stage1','{"complaint_definition":"Two missed repair appointments for a broken boiler.","investigating_team":"Repairs","outcomes_sought":"A fixed appointment and compensation.","responsibility":"The boiler and its servicing are ours. Gas supply faults are the gas network''s."}','[{"change":"met","deadline":"acknowledge","due":"2026-11-12"},{"change":"started","deadline":"stage1_response","due":"2026-11-24"}]','2026-11-12 10:00:00.000000','2026-11-29 19:28:16.994797','8e33b18f96261a5ac8c8f865ee5926a071086c51b83b5cac904ebfffba8e1a88','f437971381cc4914611b9808318551fa2dcfb7fd5d35733756fe15721ce95962');
INSERT INTO "case_event" VALUES(11,2,3,'respond','repairs.lead','stage1','stage1_responded','{"decision":"Upheld","outstanding_actions":"none","reasons":"Both appointments were missed by our contractor.","remedy":"Boiler repaired 20 November; \u00a350 goodwill."}','[{"change":"met","deadline":"stage1_response","due":"2026-11-24"}]','2026-11-24 10:00:00.000000','2026-11-29 19:28:17.108684','f437971381cc4914611b9808318551fa2dcfb7fd5d35733756fe15721ce95962','15273400663a06644ec05f166b05043ef7cbbd27563a516d51e1116f69c915eb');
INSERT INTO "case_event" VALUES(12,3,1,'open','complaints.team',NULL,'received','{"received":"2026-12-01","resident":"Mrs Carol Test"}','[{"change":"started","deadline":"acknowledge","due":"2026-12-08"}]','2026-12-01 09:00:00.000000','2026-11-29 19:28:17.148120','0000000000000000000000000000000000000000000000000000000000000000','56c65fa93fa15938b0f943fa9417c42a2a9afd4494fb37e5f1cf77d84448a8f5');
CREATE TABLE complaint_case (
	id INTEGER NOT NULL, 
	ref VARCHAR(64) NOT NULL, 
	workflow VARCHAR(200) NOT NULL, 
	digest VARCHAR(64) NOT NULL, 
	state VARCHAR(100) NOT NULL, 
	received DATE NOT NULL, 
	received_at DATETIME NOT NULL, 
	resident TEXT NOT NULL, 
	email VARCHAR(320), 
	channel VARCHAR(10) NOT NULL, 
	summary TEXT NOT NULL, 
	data TEXT NOT NULL, 
	handlers TEXT NOT NULL, 
	version INTEGER NOT NULL, 
	last_event_at DATETIME NOT NULL, 
	created_at DATETIME NOT NULL, 
	event_count INTEGER NOT NULL, 
	head_hash VARCHAR(64) NOT NULL, address TEXT DEFAULT '' NOT NULL, adjustments TEXT DEFAULT '{}' NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(digest) REFERENCES workflow_definition (digest)
);
INSERT INTO "complaint_case" VALUES(1,'2026-00001','chc-2024','b73d592334a8e9780bdd810b4a20d598dff8a53b3e1bdd24df5f5c134fd4ca55','closed','2026-11-02','2026-11-02 09:00:00.000000','Ms Alice Example','alice@example.org','email','Damp and mould not repaired','{"complaint_definition":"The resident says \u00a3150 does not reflect six months of damp.","decision":"Partly upheld","outcomes_sought":"A higher award and a follow-up inspection.","outstanding_actions":"Inspection on 12 January 2027.","reason":"A damp survey is booked for 20 November and its findings decide the remedy.","reasons":"The award did not reflect the length of the problem.","remedy":"Award increased to \u00a3400; follow-up inspection in January.","responsibility":"The walls, windows and ventilation are ours to repair. Furniture and belongings are covered by your contents insurance.","working_days":"5"}','{"1":"j.patel","2":"s.khan"}',8,'2026-12-16 10:00:00.000000','2026-11-02 09:00:00.000000',8,'a015f515cd7bbd58ea8dd7289f9920dc4374ba95cc87f7a3d0e3d7b11cab63c1','','{}');
INSERT INTO "complaint_case" VALUES(2,'2026-00002','landlord-2024','c7b5e4b0c4f20c8912d2dfd4cd4e2b4622491cc57f7318787a5da845dfe28fd3','stage1_responded','2026-11-09','2026-11-09 09:00:00.000000','Mr Ben Sample',NULL,'post','Missed repair appointment','{"complaint_definition":"Two missed repair appointments for a broken boiler.","decision":"Upheld","investigating_team":"Repairs","outcomes_sought":"A fixed appointment and compensation.","outstanding_actions":"none","reasons":"Both appointments were missed by our contractor.","remedy":"Boiler repaired 20 November; \u00a350 goodwill.","responsibility":"The boiler and its servicing are ours. Gas supply faults are the gas network''s."}','{"1":"repairs.lead"}',3,'2026-11-24 10:00:00.000000','2026-11-09 09:00:00.000000',3,'15273400663a06644ec05f166b05043ef7cbbd27563a516d51e1116f69c915eb','12 Mill Lane, Anytown, AN3 4PQ','{"large_print":"yes"}');
INSERT INTO "complaint_case" VALUES(3,'2026-00003','chc-2024','b73d592334a8e9780bdd810b4a20d598dff8a53b3e1bdd24df5f5c134fd4ca55','received','2026-12-01','2026-12-01 09:00:00.000000','Mrs Carol Test','carol@example.org','email','Noise from the communal boiler room','{}','{}',1,'2026-12-01 09:00:00.000000','2026-12-01 09:00:00.000000',1,'56c65fa93fa15938b0f943fa9417c42a2a9afd4494fb37e5f1cf77d84448a8f5','','{}');
CREATE TABLE deadline (
	id INTEGER NOT NULL, 
	case_id INTEGER NOT NULL, 
	seq INTEGER NOT NULL, 
	name VARCHAR(100) NOT NULL, 
	code VARCHAR(50) NOT NULL, 
	started_on DATE NOT NULL, 
	due DATE NOT NULL, 
	due_at DATETIME, 
	status VARCHAR(20) NOT NULL, 
	completed_at DATETIME, 
	extended_by INTEGER NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (case_id, seq), 
	FOREIGN KEY(case_id) REFERENCES complaint_case (id)
);
INSERT INTO "deadline" VALUES(1,1,1,'acknowledge','6.2','2026-11-02','2026-11-09',NULL,'met','2026-11-04 10:00:00.000000',0);
INSERT INTO "deadline" VALUES(2,1,2,'stage1_response','6.3','2026-11-04','2026-11-25',NULL,'met','2026-11-23 10:00:00.000000',5);
INSERT INTO "deadline" VALUES(3,1,3,'stage2_acknowledge','6.11','2026-11-25','2026-12-02',NULL,'met','2026-11-27 10:00:00.000000',0);
INSERT INTO "deadline" VALUES(4,1,4,'stage2_response','6.14','2026-11-27','2026-12-29',NULL,'met','2026-12-14 10:00:00.000000',0);
INSERT INTO "deadline" VALUES(5,2,1,'acknowledge','6.2','2026-11-09','2026-11-12',NULL,'met','2026-11-12 10:00:00.000000',0);
INSERT INTO "deadline" VALUES(6,2,2,'stage1_response','6.3','2026-11-12','2026-11-24',NULL,'met','2026-11-24 10:00:00.000000',0);
INSERT INTO "deadline" VALUES(7,3,1,'acknowledge','6.2','2026-12-01','2026-12-08',NULL,'pending',NULL,0);
CREATE TABLE letter (
	id INTEGER NOT NULL, 
	case_id INTEGER NOT NULL, 
	seq INTEGER NOT NULL, 
	event_seq INTEGER NOT NULL, 
	kind VARCHAR(100) NOT NULL, 
	action VARCHAR(100) NOT NULL, 
	channel VARCHAR(10) NOT NULL, 
	recipient TEXT NOT NULL, 
	subject TEXT NOT NULL, 
	text TEXT NOT NULL, 
	html TEXT NOT NULL, 
	large_print BOOLEAN NOT NULL, 
	dispatch VARCHAR(20) NOT NULL, 
	template TEXT NOT NULL, 
	content_hash VARCHAR(64) NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (case_id, seq), 
	FOREIGN KEY(case_id) REFERENCES complaint_case (id)
);
INSERT INTO "letter" VALUES(1,1,1,2,'stage1_acknowledgement','acknowledge','email','alice@example.org','We have logged your complaint - our reference 2026-00001','Example Homes
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
','<!DOCTYPE html>
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
',0,'automatic','letter_templates/chc-2024/stage1_acknowledgement.j2','872851b27caf1bba51dbfb18a2cf7f0e553be2c0a0ec04f4b9a986a807640e2e','2026-11-04 10:00:00.000000');
INSERT INTO "letter" VALUES(2,1,2,3,'stage1_extension','extend','email','alice@example.org','We need more time to answer your complaint - our reference 2026-00001','Example Homes
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
','<!DOCTYPE html>
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
',0,'automatic','letter_templates/chc-2024/stage1_extension.j2','f806b12f7fbf020116ec1fe8a4189705e75cae3c0e2b62edd904af6215264f3d','2026-11-13 10:00:00.000000');
INSERT INTO "letter" VALUES(3,1,3,4,'stage1_response','respond','email','alice@example.org','Our answer to your complaint - our reference 2026-00001','Example Homes
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
','<!DOCTYPE html>
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
',0,'manual','letter_templates/chc-2024/stage1_response.j2','540242e6f7eaadc7e801123b987dc5840e2c2f78ecf9d1d5cee53ed9c60e80c8','2026-11-23 10:00:00.000000');
INSERT INTO "letter" VALUES(4,1,4,6,'stage2_acknowledgement','acknowledge','email','alice@example.org','We have logged your request for a review - our reference 2026-00001','Example Homes
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
','<!DOCTYPE html>
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
',0,'automatic','letter_templates/chc-2024/stage2_acknowledgement.j2','ddff1132e917a7003a10cae4fa0aeeb6a1d08dbf01f412fc8e693643c0a43034','2026-11-27 10:00:00.000000');
INSERT INTO "letter" VALUES(5,1,5,7,'stage2_response','respond','email','alice@example.org','Our final answer to your complaint - our reference 2026-00001','Example Homes
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
','<!DOCTYPE html>
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
',0,'manual','letter_templates/chc-2024/stage2_response.j2','7a0ce58b0b304a4b8b5c74008846ac498cd617bb8c5dd12cb583904a6fc4c4d6','2026-12-14 10:00:00.000000');
INSERT INTO "letter" VALUES(6,2,1,2,'stage1_acknowledgement','acknowledge','post','12 Mill Lane, Anytown, AN3 4PQ','We have logged your complaint - our reference 2026-00002','Riverside Homes
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
','<!DOCTYPE html>
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
',1,'automatic','letter_templates/landlord-2024/stage1_acknowledgement.j2','cc5c18391c7dc1f630023bc8d0f82e97a96590142a5eeba70a14c49dc6590d07','2026-11-12 10:00:00.000000');
INSERT INTO "letter" VALUES(7,2,2,3,'stage1_response','respond','post','12 Mill Lane, Anytown, AN3 4PQ','Our answer to your complaint - our reference 2026-00002','Riverside Homes
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
','<!DOCTYPE html>
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
',1,'manual','letter_templates/chc-2024/stage1_response.j2','8ce6b2add15b9bf073a1066f9c7893419cdf729cbd55457008abbb0643c14700','2026-11-24 10:00:00.000000');
CREATE TABLE workflow_definition (
	digest VARCHAR(64) NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	resolved TEXT NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (digest)
);
INSERT INTO "workflow_definition" VALUES('b73d592334a8e9780bdd810b4a20d598dff8a53b3e1bdd24df5f5c134fd4ca55','chc-2024','{"workflow":"chc-2024","title":"Complaint Handling Code (statutory), from 1 April 2024","edition":"2024","effective_from":"2024-04-01","calendar":"england-and-wales","stages":{"max":2,"code":"5.3"},"rules":{"different_stage2_handler":{"code":"6.13"},"escalation_without_reason":{"code":"6.12"}},"exclusions":{"time_limit":{"months":12,"code":"2.3","label":"the issue arose more than 12 months ago"},"legal_proceedings":{"code":"2.2","label":"legal proceedings have started"},"previously_considered":{"code":"2.2","label":"already considered under the complaints policy"}},"states":{"received":{"stage":1,"initial":true,"label":"Received - to be acknowledged"},"stage1":{"stage":1,"label":"Stage 1 - under investigation"},"stage1_responded":{"stage":1,"label":"Stage 1 response sent"},"stage2_requested":{"stage":2,"label":"Escalation requested - to be acknowledged"},"stage2":{"stage":2,"label":"Stage 2 - under review"},"stage2_responded":{"stage":2,"label":"Stage 2 final response sent"},"not_accepted":{"final":true,"label":"Not accepted into the complaints process"},"withdrawn":{"final":true,"label":"Withdrawn by the resident"},"closed":{"final":true,"label":"Closed"}},"timers":{"acknowledge":{"working_days":5,"starts":"received","met_by":["acknowledge","refuse"],"code":"6.2","label":"Acknowledge, define and log at stage 1"},"stage1_response":{"working_days":10,"starts":"stage1","met_by":["respond"],"code":"6.3","label":"Stage 1 response","extend":{"max_working_days":10,"code":"6.4"}},"stage2_acknowledge":{"working_days":5,"starts":"stage2_requested","met_by":["acknowledge","decline_escalation"],"code":"6.11","label":"Acknowledge, define and log at stage 2"},"stage2_response":{"working_days":20,"starts":"stage2","met_by":["respond"],"code":"6.14","label":"Stage 2 final response","extend":{"max_working_days":20,"code":"6.15"}}},"actions":{"acknowledge":{"label":"Acknowledge, define and log the complaint","moves":{"received":"stage1","stage2_requested":"stage2"},"requires":{"complaint_definition":"5.6","outcomes_sought":"5.6"},"accepts":["responsibility","handler_notes"]},"extend":{"label":"Extend the response deadline","effect":"extend","moves":{"stage1":"stage1","stage2":"stage2"},"requires":{"working_days":"6.4","reason":"6.4"},"accepts":["good_reason","timer"]},"respond":{"label":"Send the stage response","moves":{"stage1":"stage1_responded","stage2":"stage2_responded"},"requires":{"decision":"6.9","reasons":"6.9","remedy":"6.9","outstanding_actions":"6.9"}},"escalate":{"label":"Record the resident''s request for stage 2","moves":{"stage1_responded":"stage2_requested"},"code":"6.10","accepts":["resident_reasons"]},"refuse":{"label":"Do not accept the complaint","effect":"refuse","moves":{"received":"not_accepted"},"requires":{"ground":"2.4","explanation":"2.4"}},"decline_escalation":{"label":"Decline to escalate","effect":"refuse","moves":{"stage2_requested":"closed"},"requires":{"ground":"5.11","explanation":"5.11"}},"withdraw":{"label":"Record that the resident withdrew the complaint","moves":{"*":"withdrawn"},"accepts":["note"]},"close":{"label":"Close the case","moves":{"stage1_responded":"closed","stage2_responded":"closed"},"accepts":["note"]},"reopen":{"label":"Take on a complaint the Ombudsman says should be accepted","moves":{"not_accepted":"received"},"code":"2.4","requires":{"instruction":"2.4"}}},"letters":{"stage1_acknowledgement":{"title":"We have logged your complaint","on":{"action":"acknowledge","from":"received"},"dispatch":"automatic","due":"stage1_response","must_contain":{"complaint_stage":"6.2","complaint_definition":"5.6","outcomes_sought":"5.6","responsibility":"5.7","response_due":"6.3","ombudsman_right":"3.7"}},"stage1_extension":{"title":"We need more time to answer your complaint","on":{"action":"extend","from":"stage1"},"dispatch":"automatic","due":"stage1_response","must_contain":{"extension_reason":"6.4","new_response_date":"6.4","ombudsman_contact":"6.5"}},"stage1_response":{"title":"Our answer to your complaint","on":{"action":"respond","from":"stage1"},"dispatch":"manual","must_contain":{"complaint_stages":"6.9(a)","complaint_definition":"6.9(b)","decision":"6.9(c)","reasons":"6.9(d)","remedy":"6.9(e)","outstanding_actions":"6.9(f)","escalation_route":"6.9(g)","ombudsman_right":"3.7"}},"stage2_acknowledgement":{"title":"We have logged your request for a review","on":{"action":"acknowledge","from":"stage2_requested"},"dispatch":"automatic","due":"stage2_response","must_contain":{"complaint_stage":"6.11","complaint_definition":"5.6","outcomes_sought":"5.6","responsibility":"5.7","response_due":"6.14","ombudsman_right":"3.7"}},"stage2_extension":{"title":"We need more time to review your complaint","on":{"action":"extend","from":"stage2"},"dispatch":"automatic","due":"stage2_response","must_contain":{"extension_reason":"6.15","new_response_date":"6.15","ombudsman_contact":"6.16"}},"stage2_response":{"title":"Our final answer to your complaint","on":{"action":"respond","from":"stage2"},"dispatch":"manual","must_contain":{"complaint_stage":"6.19(a)","complaint_definition":"6.19(b)","decision":"6.19(c)","reasons":"6.19(d)","remedy":"6.19(e)","outstanding_actions":"6.19(f)","ombudsman_contact":"6.19(g)"}},"not_accepted":{"title":"We cannot take on your complaint","on":{"action":"refuse","from":"received"},"dispatch":"manual","must_contain":{"refusal_reasons":"2.4","ombudsman_right":"2.4"}},"escalation_declined":{"title":"We cannot take your complaint to Stage 2","on":{"action":"decline_escalation","from":"stage2_requested"},"dispatch":"manual","must_contain":{"refusal_reasons":"5.11","ombudsman_right":"2.4"}}},"templates":["chc-2024"]}','2026-11-02 09:00:00.000000');
INSERT INTO "workflow_definition" VALUES('c7b5e4b0c4f20c8912d2dfd4cd4e2b4622491cc57f7318787a5da845dfe28fd3','landlord-2024','{"workflow":"landlord-2024","title":"Riverside Homes complaints procedure (2024 Code, tighter timescales)","edition":"2024","effective_from":"2024-04-01","calendar":"england-and-wales","stages":{"max":2,"code":"5.3"},"rules":{"different_stage2_handler":{"code":"6.13"},"escalation_without_reason":{"code":"6.12"}},"exclusions":{"time_limit":{"months":12,"code":"2.3","label":"the issue arose more than 12 months ago"},"legal_proceedings":{"code":"2.2","label":"legal proceedings have started"},"previously_considered":{"code":"2.2","label":"already considered under the complaints policy"}},"states":{"received":{"stage":1,"initial":true,"label":"New complaint - acknowledge within 3 working days"},"stage1":{"stage":1,"label":"Stage 1 - with the investigating officer"},"stage1_responded":{"stage":1,"label":"Stage 1 response sent"},"stage2_requested":{"stage":2,"label":"Escalation requested - to be acknowledged"},"stage2":{"stage":2,"label":"Stage 2 - with the review manager"},"stage2_responded":{"stage":2,"label":"Stage 2 final response sent"},"not_accepted":{"final":true,"label":"Not accepted into the complaints process"},"withdrawn":{"final":true,"label":"Withdrawn by the resident"},"closed":{"final":true,"label":"Closed"}},"timers":{"acknowledge":{"working_days":3,"starts":"received","met_by":["acknowledge","refuse"],"code":"6.2","label":"Acknowledge within 3 working days"},"stage1_response":{"working_days":8,"starts":"stage1","met_by":["respond"],"code":"6.3","label":"Stage 1 response","extend":{"max_working_days":5,"code":"6.4"}},"stage2_acknowledge":{"working_days":3,"starts":"stage2_requested","met_by":["acknowledge","decline_escalation"],"code":"6.11","label":"Acknowledge, define and log at stage 2"},"stage2_response":{"working_days":15,"starts":"stage2","met_by":["respond"],"code":"6.14","label":"Stage 2 final response","extend":{"max_working_days":20,"code":"6.15"}}},"actions":{"acknowledge":{"label":"Acknowledge, define and log the complaint","moves":{"received":"stage1","stage2_requested":"stage2"},"requires":{"complaint_definition":"5.6","outcomes_sought":"5.6","investigating_team":"landlord"},"accepts":["responsibility","handler_notes"]},"extend":{"label":"Extend the response deadline","effect":"extend","moves":{"stage1":"stage1","stage2":"stage2"},"requires":{"working_days":"6.4","reason":"6.4"},"accepts":["good_reason","timer"]},"respond":{"label":"Send the stage response","moves":{"stage1":"stage1_responded","stage2":"stage2_responded"},"requires":{"decision":"6.9","reasons":"6.9","remedy":"6.9","outstanding_actions":"6.9"}},"escalate":{"label":"Record the resident''s request for stage 2","moves":{"stage1_responded":"stage2_requested"},"code":"6.10","accepts":["resident_reasons"]},"refuse":{"label":"Do not accept the complaint","effect":"refuse","moves":{"received":"not_accepted"},"requires":{"ground":"2.4","explanation":"2.4"}},"decline_escalation":{"label":"Decline to escalate","effect":"refuse","moves":{"stage2_requested":"closed"},"requires":{"ground":"5.11","explanation":"5.11"}},"withdraw":{"label":"Record that the resident withdrew the complaint","moves":{"*":"withdrawn"},"accepts":["note"]},"close":{"label":"Close the case","moves":{"stage1_responded":"closed","stage2_responded":"closed"},"accepts":["note"]},"reopen":{"label":"Take on a complaint the Ombudsman says should be accepted","moves":{"not_accepted":"received"},"code":"2.4","requires":{"instruction":"2.4"}}},"letters":{"stage1_acknowledgement":{"title":"We have logged your complaint","on":{"action":"acknowledge","from":"received"},"dispatch":"automatic","due":"stage1_response","must_contain":{"complaint_stage":"6.2","complaint_definition":"5.6","outcomes_sought":"5.6","responsibility":"5.7","response_due":"6.3","ombudsman_right":"3.7","investigating_team":{"code":"landlord","label":"the team investigating the complaint","shows":["fields.investigating_team"]}}},"stage1_extension":{"title":"We need more time to answer your complaint","on":{"action":"extend","from":"stage1"},"dispatch":"automatic","due":"stage1_response","must_contain":{"extension_reason":"6.4","new_response_date":"6.4","ombudsman_contact":"6.5"}},"stage1_response":{"title":"Our answer to your complaint","on":{"action":"respond","from":"stage1"},"dispatch":"manual","must_contain":{"complaint_stages":"6.9(a)","complaint_definition":"6.9(b)","decision":"6.9(c)","reasons":"6.9(d)","remedy":"6.9(e)","outstanding_actions":"6.9(f)","escalation_route":"6.9(g)","ombudsman_right":"3.7"}},"stage2_acknowledgement":{"title":"We have logged your request for a review","on":{"action":"acknowledge","from":"stage2_requested"},"dispatch":"automatic","due":"stage2_response","must_contain":{"complaint_stage":"6.11","complaint_definition":"5.6","outcomes_sought":"5.6","responsibility":"5.7","response_due":"6.14","ombudsman_right":"3.7"}},"stage2_extension":{"title":"We need more time to review your complaint","on":{"action":"extend","from":"stage2"},"dispatch":"automatic","due":"stage2_response","must_contain":{"extension_reason":"6.15","new_response_date":"6.15","ombudsman_contact":"6.16"}},"stage2_response":{"title":"Our final answer to your complaint","on":{"action":"respond","from":"stage2"},"dispatch":"manual","must_contain":{"complaint_stage":"6.19(a)","complaint_definition":"6.19(b)","decision":"6.19(c)","reasons":"6.19(d)","remedy":"6.19(e)","outstanding_actions":"6.19(f)","ombudsman_contact":"6.19(g)"}},"not_accepted":{"title":"We cannot take on your complaint","on":{"action":"refuse","from":"received"},"dispatch":"manual","must_contain":{"refusal_reasons":"2.4","ombudsman_right":"2.4"}},"escalation_declined":{"title":"We cannot take your complaint to Stage 2","on":{"action":"decline_escalation","from":"stage2_requested"},"dispatch":"manual","must_contain":{"refusal_reasons":"5.11","ombudsman_right":"2.4"}}},"templates":["landlord-2024","chc-2024"],"landlord":{"name":"Riverside Homes","address":"1 Quay Street, Anytown, AN1 2QS","complaints_email":"complaints@riverside-homes.example","complaints_phone":"0300 000 0000","signatory_role":"Complaints Resolution Team"}}','2026-11-09 09:00:00.000000');
CREATE UNIQUE INDEX ix_complaint_case_ref ON complaint_case (ref);
CREATE INDEX ix_complaint_case_state ON complaint_case (state);
CREATE INDEX ix_deadline_case_id ON deadline (case_id);
CREATE INDEX ix_deadline_due ON deadline (due);
CREATE INDEX ix_deadline_status ON deadline (status);
CREATE INDEX ix_case_event_case_id ON case_event (case_id);
CREATE INDEX ix_letter_case_id ON letter (case_id);
COMMIT;
