BEGIN TRANSACTION;
CREATE TABLE alembic_version (
	version_num VARCHAR(32) NOT NULL, 
	CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);
INSERT INTO "alembic_version" VALUES('0003');
CREATE TABLE alert (
	id INTEGER NOT NULL, 
	case_id INTEGER, 
	deadline_seq INTEGER, 
	kind VARCHAR(30) NOT NULL, 
	recipient VARCHAR(200) NOT NULL, 
	address TEXT DEFAULT '' NOT NULL, 
	subject TEXT NOT NULL, 
	message TEXT NOT NULL, 
	created_at DATETIME NOT NULL, 
	seen_at DATETIME, 
	seen_by VARCHAR(200), 
	PRIMARY KEY (id), 
	FOREIGN KEY(case_id) REFERENCES complaint_case (id)
);
INSERT INTO "alert" VALUES(1,1,2,'reminder','j.patel','complaints@example-homes.example','Reminder: Stage 1 response on case 2026-00001 is due Wed 25 Nov 2026','Reminder: Stage 1 response on case 2026-00001 is due Wed 25 Nov 2026. That is 2 working days from today. Code 6.3. Case state: stage1.','2026-11-23 09:00:00.000000',NULL,NULL);
INSERT INTO "alert" VALUES(2,2,1,'reminder','team','complaints@example-homes.example','Reminder: Acknowledge within 3 working days on case 2026-00002 is due Thu 12 Nov 2026','Reminder: Acknowledge within 3 working days on case 2026-00002 is due Thu 12 Nov 2026. That is 2 working days from today. Code 6.2. Case state: received.','2026-11-10 09:00:00.000000',NULL,NULL);
INSERT INTO "alert" VALUES(3,2,2,'reminder','complaints.team','complaints@example-homes.example','Reminder: Stage 1 response on case 2026-00002 is due Tue 24 Nov 2026','Reminder: Stage 1 response on case 2026-00002 is due Tue 24 Nov 2026. That is 2 working days from today. Code 6.3. Case state: stage1.','2026-11-20 09:00:00.000000',NULL,NULL);
INSERT INTO "alert" VALUES(4,3,1,'reminder','team','complaints@example-homes.example','Reminder: Acknowledge, define and log at stage 1 on case 2026-00003 is due Tue 08 Dec 2026','Reminder: Acknowledge, define and log at stage 1 on case 2026-00003 is due Tue 08 Dec 2026. That is 2 working days from today. Code 6.2. Case state: received.','2026-12-04 09:00:00.000000',NULL,NULL);
INSERT INTO "alert" VALUES(5,3,1,'breach','complaints.team','complaints@example-homes.example','Breach: Acknowledge, define and log at stage 1 on case 2026-00003 was due Tue 08 Dec 2026','Breach: Acknowledge, define and log at stage 1 on case 2026-00003 was due Tue 08 Dec 2026 and has not been met (Code 6.2). The breach is recorded on the case.','2026-12-09 00:00:00.000000',NULL,NULL);
INSERT INTO "alert" VALUES(6,3,1,'breach','team','complaints@example-homes.example','Breach: Acknowledge, define and log at stage 1 on case 2026-00003 was due Tue 08 Dec 2026','Breach: Acknowledge, define and log at stage 1 on case 2026-00003 was due Tue 08 Dec 2026 and has not been met (Code 6.2). The breach is recorded on the case.','2026-12-09 00:00:00.000000',NULL,NULL);
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
INSERT INTO "case_event" VALUES(1,1,1,'open','complaints.team',NULL,'received','{"received":"2026-11-02","resident":"Ms Alice Example"}','[{"change":"started","deadline":"acknowledge","due":"2026-11-09"}]','2026-11-02 09:00:00.000000','2026-11-29 19:28:14.120540','0000000000000000000000000000000000000000000000000000000000000000','3a62c5cb80d0b516efecfab9ffe4d9aa1031401085346c5a51be5546e6f6544f');
INSERT INTO "case_event" VALUES(2,1,2,'acknowledge','complaints.team','received','stage1','{"complaint_definition":"Damp and mould in the back bedroom, reported three times since June and not put right.","outcomes_sought":"Find the cause, treat the mould, redecorate, and recognise the delay.","responsibility":"The walls, windows and ventilation are ours to repair. Furniture and belongings are covered by your contents insurance."}','[{"change":"met","deadline":"acknowledge","due":"2026-11-09"},{"change":"started","deadline":"stage1_response","due":"2026-11-18"}]','2026-11-04 10:00:00.000000','2026-11-29 19:28:14.170126','3a62c5cb80d0b516efecfab9ffe4d9aa1031401085346c5a51be5546e6f6544f','ac402c85b7f8c4b98afa416db470080ece360c262b3505d3276bab37984dd5d4');
INSERT INTO "case_event" VALUES(3,1,3,'extend','j.patel','stage1','stage1','{"reason":"A damp survey is booked for 20 November and its findings decide the remedy.","working_days":"5"}','[{"change":"extended","code":"6.4","deadline":"stage1_response","due":"2026-11-25","previous_due":"2026-11-18","working_days":5}]','2026-11-13 10:00:00.000000','2026-11-29 19:28:14.197592','ac402c85b7f8c4b98afa416db470080ece360c262b3505d3276bab37984dd5d4','ec09760998bfe9278a23655d74d33ba685c2c349d6a4825fe713c62edca544e4');
INSERT INTO "case_event" VALUES(4,1,4,'respond','j.patel','stage1','stage1_responded','{"decision":"Upheld","outstanding_actions":"Redecoration booked for 4 December 2026.","reasons":"Repairs were not completed within our published timescales.","remedy":"Mould treatment and redecoration, and \u00a3150 for the time and trouble."}','[{"change":"met","deadline":"stage1_response","due":"2026-11-25"},{"change":"started","deadline":"escalation_window","due":"2026-12-21"}]','2026-11-23 10:00:00.000000','2026-11-29 19:28:14.229812','ec09760998bfe9278a23655d74d33ba685c2c349d6a4825fe713c62edca544e4','96bc067b532f485449e32c30b5e8288894dfdfa4e2069f013f38615f324afb84');
INSERT INTO "case_event" VALUES(5,1,5,'escalate','complaints.team','stage1_responded','stage2_requested','{}','[{"change":"met","deadline":"escalation_window","due":"2026-12-21"},{"change":"started","deadline":"stage2_acknowledge","due":"2026-12-02"}]','2026-11-25 10:00:00.000000','2026-11-29 19:28:14.239856','96bc067b532f485449e32c30b5e8288894dfdfa4e2069f013f38615f324afb84','8284799ab49d8c763e25424ac4ef86b595dba79dc6b36a03002684786f168b38');
INSERT INTO "case_event" VALUES(6,1,6,'acknowledge','complaints.team','stage2_requested','stage2','{"complaint_definition":"The resident says \u00a3150 does not reflect six months of damp.","outcomes_sought":"A higher award and a follow-up inspection."}','[{"change":"met","deadline":"stage2_acknowledge","due":"2026-12-02"},{"change":"started","deadline":"stage2_response","due":"2026-12-29"}]','2026-11-27 10:00:00.000000','2026-11-29 19:28:14.255550','8284799ab49d8c763e25424ac4ef86b595dba79dc6b36a03002684786f168b38','05d82b8ee1fc851464587108644cf4bf681e06d4f08223b2b2aaec519e605e54');
INSERT INTO "case_event" VALUES(7,1,7,'respond','s.khan','stage2','stage2_responded','{"decision":"Partly upheld","outstanding_actions":"Inspection on 12 January 2027.","reasons":"The award did not reflect the length of the problem.","remedy":"Award increased to \u00a3400; follow-up inspection in January."}','[{"change":"met","deadline":"stage2_response","due":"2026-12-29"}]','2026-12-14 10:00:00.000000','2026-11-29 19:28:14.276297','05d82b8ee1fc851464587108644cf4bf681e06d4f08223b2b2aaec519e605e54','9fa4f953737f5b3ee58f7099a576d868c66682b96fff777b158581e46ebceb2b');
INSERT INTO "case_event" VALUES(8,1,8,'close','complaints.team','stage2_responded','closed','{}','[]','2026-12-16 10:00:00.000000','2026-11-29 19:28:14.283857','9fa4f953737f5b3ee58f7099a576d868c66682b96fff777b158581e46ebceb2b','3bd059e97ec6a646b8b6d71301cede5583ec68964f3f150f4b0610e72f4332de');
INSERT INTO "case_event" VALUES(9,2,1,'open','complaints.team',NULL,'received','{"adjustment.large_print":"yes","received":"2026-11-09","resident":"Mr Ben Sample"}','[{"change":"started","deadline":"acknowledge","due":"2026-11-12"}]','2026-11-09 09:00:00.000000','2026-11-29 19:28:14.315326','0000000000000000000000000000000000000000000000000000000000000000','26752adabe15064d35a3337061d12205cf49928d8401256b18abe9f70ba7d70c');
INSERT INTO "case_event" VALUES(10,2,2,'acknowledge','complaints.team','received','stage1','{"complaint_definition":"Two missed repair appointments for a broken boiler.","investigating_team":"Repairs","outcomes_sought":"A fixed appointment and compensation.","responsibility":"The boiler and its servicing are ours. Gas supply faults are the gas network''s."}','[{"change":"met","deadline":"acknowledge","due":"2026-11-12"},{"change":"started","deadline":"stage1_response","due":"2026-11-24"}]','2026-11-12 10:00:00.000000','2026-11-29 19:28:14.750400','26752adabe15064d35a3337061d12205cf49928d8401256b18abe9f70ba7d70c','9d16c87ad4668eeed5473af3d67c2df20a4ba4007bf3bc2ad721c0a4b232c251');
INSERT INTO "case_event" VALUES(11,2,3,'respond','repairs.lead','stage1','stage1_responded','{"decision":"Upheld","outstanding_actions":"none","reasons":"Both appointments were missed by our contractor.","remedy":"Boiler repaired 20 November; \u00a350 goodwill."}','[{"change":"met","deadline":"stage1_response","due":"2026-11-24"},{"change":"started","deadline":"escalation_window","due":"2026-12-22"}]','2026-11-24 10:00:00.000000','2026-11-29 19:28:15.001767','9d16c87ad4668eeed5473af3d67c2df20a4ba4007bf3bc2ad721c0a4b232c251','ab9b5077823e83fc42145873525b03c891f463be296e10ea4912d30e6219612e');
INSERT INTO "case_event" VALUES(12,3,1,'open','complaints.team',NULL,'received','{"received":"2026-12-01","resident":"Mrs Carol Test"}','[{"change":"started","deadline":"acknowledge","due":"2026-12-08"}]','2026-12-01 09:00:00.000000','2026-11-29 19:28:15.124756','0000000000000000000000000000000000000000000000000000000000000000','84c7b2fdaf8533d637159eb51e3dbee0d42a9fefd4f204038411746830625c13');
INSERT INTO "case_event" VALUES(13,3,2,'breach','redress.runner','received','received','{"deadline":"acknowledge","due":"2026-12-08"}','[{"change":"breached","code":"6.2","deadline":"acknowledge","due":"2026-12-08"}]','2026-12-09 00:00:00.000000','2026-11-29 19:28:15.137009','84c7b2fdaf8533d637159eb51e3dbee0d42a9fefd4f204038411746830625c13','533a96ac0516573cab195a4f519515909749b89ae304ad39b98b12939727dfe3');
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
INSERT INTO "complaint_case" VALUES(1,'2026-00001','chc-2024','318361044c68ac141346f4da61294fddb0e7831481e0dc8d2e19da6583111729','closed','2026-11-02','2026-11-02 09:00:00.000000','Ms Alice Example','alice@example.org','email','Damp and mould not repaired','{"complaint_definition":"The resident says \u00a3150 does not reflect six months of damp.","decision":"Partly upheld","outcomes_sought":"A higher award and a follow-up inspection.","outstanding_actions":"Inspection on 12 January 2027.","reason":"A damp survey is booked for 20 November and its findings decide the remedy.","reasons":"The award did not reflect the length of the problem.","remedy":"Award increased to \u00a3400; follow-up inspection in January.","responsibility":"The walls, windows and ventilation are ours to repair. Furniture and belongings are covered by your contents insurance.","working_days":"5"}','{"1":"j.patel","2":"s.khan"}',8,'2026-12-16 10:00:00.000000','2026-11-02 09:00:00.000000',8,'3bd059e97ec6a646b8b6d71301cede5583ec68964f3f150f4b0610e72f4332de','','{}');
INSERT INTO "complaint_case" VALUES(2,'2026-00002','landlord-2024','932571175b203314e6d9ff65117dabd80691ba10e3a2e33b467b2f551e062569','stage1_responded','2026-11-09','2026-11-09 09:00:00.000000','Mr Ben Sample',NULL,'post','Missed repair appointment','{"complaint_definition":"Two missed repair appointments for a broken boiler.","decision":"Upheld","investigating_team":"Repairs","outcomes_sought":"A fixed appointment and compensation.","outstanding_actions":"none","reasons":"Both appointments were missed by our contractor.","remedy":"Boiler repaired 20 November; \u00a350 goodwill.","responsibility":"The boiler and its servicing are ours. Gas supply faults are the gas network''s."}','{"1":"repairs.lead"}',3,'2026-11-24 10:00:00.000000','2026-11-09 09:00:00.000000',3,'ab9b5077823e83fc42145873525b03c891f463be296e10ea4912d30e6219612e','12 Mill Lane, Anytown, AN3 4PQ','{"large_print":"yes"}');
INSERT INTO "complaint_case" VALUES(3,'2026-00003','chc-2024','318361044c68ac141346f4da61294fddb0e7831481e0dc8d2e19da6583111729','received','2026-12-01','2026-12-01 09:00:00.000000','Mrs Carol Test','carol@example.org','email','Noise from the communal boiler room','{}','{}',2,'2026-12-09 00:00:00.000000','2026-12-01 09:00:00.000000',2,'533a96ac0516573cab195a4f519515909749b89ae304ad39b98b12939727dfe3','','{}');
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
	extended_by INTEGER NOT NULL, note TEXT DEFAULT '' NOT NULL, breached_at DATETIME, 
	PRIMARY KEY (id), 
	UNIQUE (case_id, seq), 
	FOREIGN KEY(case_id) REFERENCES complaint_case (id)
);
INSERT INTO "deadline" VALUES(1,1,1,'acknowledge','6.2','2026-11-02','2026-11-09',NULL,'met','2026-11-04 10:00:00.000000',0,'',NULL);
INSERT INTO "deadline" VALUES(2,1,2,'stage1_response','6.3','2026-11-04','2026-11-25',NULL,'met','2026-11-23 10:00:00.000000',5,'',NULL);
INSERT INTO "deadline" VALUES(3,1,3,'escalation_window','6.10','2026-11-23','2026-12-21',NULL,'met','2026-11-25 10:00:00.000000',0,'',NULL);
INSERT INTO "deadline" VALUES(4,1,4,'stage2_acknowledge','6.11','2026-11-25','2026-12-02',NULL,'met','2026-11-27 10:00:00.000000',0,'',NULL);
INSERT INTO "deadline" VALUES(5,1,5,'stage2_response','6.14','2026-11-27','2026-12-29',NULL,'met','2026-12-14 10:00:00.000000',0,'',NULL);
INSERT INTO "deadline" VALUES(6,2,1,'acknowledge','6.2','2026-11-09','2026-11-12',NULL,'met','2026-11-12 10:00:00.000000',0,'',NULL);
INSERT INTO "deadline" VALUES(7,2,2,'stage1_response','6.3','2026-11-12','2026-11-24',NULL,'met','2026-11-24 10:00:00.000000',0,'',NULL);
INSERT INTO "deadline" VALUES(8,2,3,'escalation_window','6.10','2026-11-24','2026-12-22',NULL,'pending',NULL,0,'',NULL);
INSERT INTO "deadline" VALUES(9,3,1,'acknowledge','6.2','2026-12-01','2026-12-08',NULL,'pending',NULL,0,'','2026-12-09 00:00:00.000000');
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
CREATE TABLE outbox (
	id INTEGER NOT NULL, 
	case_id INTEGER, 
	letter_id INTEGER, 
	alert_id INTEGER, 
	channel VARCHAR(10) NOT NULL, 
	state VARCHAR(20) NOT NULL, 
	step VARCHAR(20) DEFAULT '' NOT NULL, 
	attempts INTEGER DEFAULT '0' NOT NULL, 
	next_attempt_at DATETIME NOT NULL, 
	claimed_by VARCHAR(100), 
	claimed_until DATETIME, 
	message_id TEXT DEFAULT '' NOT NULL, 
	message BLOB, 
	sender TEXT DEFAULT '' NOT NULL, 
	recipient TEXT DEFAULT '' NOT NULL, 
	reply TEXT DEFAULT '' NOT NULL, 
	last_error TEXT DEFAULT '' NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	sent_at DATETIME, 
	resolved_by VARCHAR(200), 
	note TEXT DEFAULT '' NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(case_id) REFERENCES complaint_case (id), 
	UNIQUE (letter_id), 
	FOREIGN KEY(letter_id) REFERENCES letter (id), 
	UNIQUE (alert_id), 
	FOREIGN KEY(alert_id) REFERENCES alert (id)
);
INSERT INTO "outbox" VALUES(1,1,1,NULL,'email','sent','data',1,'2026-11-04 10:00:00.000000',NULL,NULL,'<2026-00001.letter-1.872851b27caf1bba@example-homes.example>',X'46726F6D3A204578616D706C6520486F6D6573203C636F6D706C61696E7473406578616D706C652D686F6D65732E6578616D706C653E0D0A546F3A204D7320416C696365204578616D706C65203C616C696365406578616D706C652E6F72673E0D0A5375626A6563743A2057652068617665206C6F6767656420796F757220636F6D706C61696E74202D206F7572207265666572656E636520323032362D30303030310D0A446174653A205765642C203034204E6F7620323032362031303A30303A3030202B303030300D0A4D6573736167652D49443A203C323032362D30303030312E6C65747465722D312E38373238353162323763616631626261406578616D706C652D686F6D65732E6578616D706C653E0D0A4D494D452D56657273696F6E3A20312E300D0A436F6E74656E742D547970653A206D756C7469706172742F616C7465726E61746976653B0D0A20626F756E646172793D223D3D3D3D3D3D3D3D3D3D3D3D3D3D3D383539393132343833313530363632373330313D3D220D0A0D0A2D2D3D3D3D3D3D3D3D3D3D3D3D3D3D3D3D383539393132343833313530363632373330313D3D0D0A436F6E74656E742D547970653A20746578742F706C61696E3B20636861727365743D227574662D38220D0A436F6E74656E742D5472616E736665722D456E636F64696E673A2071756F7465642D7072696E7461626C650D0A0D0A4578616D706C6520486F6D65730D0A32204D61726B6574205374726565740D0A4E6577746F776E0D0A4E5431203141410D0A50686F6E653A20303330302031323320343536370D0A456D61696C3A20636F6D706C61696E7473406578616D706C652D686F6D65732E6578616D706C650D0A0D0A5765646E65736461792034204E6F76656D62657220323032360D0A0D0A4D7320416C696365204578616D706C650D0A0D0A4F7572207265666572656E63653A20323032362D30303030310D0A0D0A44656172204D7320416C696365204578616D706C650D0A0D0A57652068617665206C6F6767656420796F757220636F6D706C61696E740D0A3D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D0D0A3D33443D33443D33443D33440D0A0D0A5468616E6B20796F7520666F7220796F757220636F6D706C61696E742E20576520676F74206974206F6E204D6F6E6461792032204E6F76656D62657220323032362E2057652068617665206C6F3D0D0A676765642069742061742053746167652031206F66206F757220636F6D706C61696E74732070726F636573732E0D0A0D0A57686174207765207468696E6B20796F757220636F6D706C61696E742069732061626F75740D0A3D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D0D0A3D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33440D0A0D0A44616D7020616E64206D6F756C6420696E20746865206261636B20626564726F6F6D2C207265706F727465642074687265652074696D65732073696E6365204A756E6520616E64206E6F7420703D0D0A75742072696768742E0D0A0D0A5768617420796F752077616E7420757320746F20646F0D0A3D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33440D0A0D0A46696E64207468652063617573652C20747265617420746865206D6F756C642C2072656465636F726174652C20616E64207265636F676E697365207468652064656C61792E0D0A0D0A576861742077652061726520616E6420617265206E6F7420726573706F6E7369626C6520666F720D0A3D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D0D0A3D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33440D0A0D0A5468652077616C6C732C2077696E646F777320616E642076656E74696C6174696F6E20617265206F75727320746F207265706169722E204675726E697475726520616E642062656C6F6E67696E3D0D0A67732061726520636F766572656420627920796F757220636F6E74656E747320696E737572616E63652E0D0A0D0A4966207765206861766520676F7420616E79206F6620746869732077726F6E672C20706C656173652074656C6C20757320736F6F6E2E2050686F6E65207573206F6E20303330302031323320343D0D0A353637206F7220656D61696C20636F6D706C61696E7473406578616D706C652D686F6D65732E6578616D706C652E0D0A0D0A5768656E2077652077696C6C207265706C790D0A3D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33440D0A0D0A57652077696C6C2073656E6420796F75206F757220616E73776572206279205765646E6573646179203138204E6F76656D62657220323032362E204966207765206E656564206D6F72652074693D0D0A6D652C2077652077696C6C2074656C6C20796F752077687920616E64206769766520796F752061206E657720646174652E0D0A0D0A54686520486F7573696E67204F6D627564736D616E0D0A3D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33440D0A0D0A596F752063616E2061736B2074686520486F7573696E67204F6D627564736D616E205365727669636520666F722068656C7020617420616E792074696D652E204974206973206672656520616E3D0D0A6420696E646570656E64656E742E2043616C6C2030333030203131312033303030206F7220676F20746F207777772E686F7573696E672D6F6D627564736D616E2E6F72672E756B2E0D0A0D0A596F7572732073696E636572656C790D0A0D0A436F6D706C61696E7473205465616D0D0A4578616D706C6520486F6D65730D0A0D0A2D2D3D3D3D3D3D3D3D3D3D3D3D3D3D3D3D383539393132343833313530363632373330313D3D0D0A436F6E74656E742D547970653A20746578742F68746D6C3B20636861727365743D227574662D38220D0A436F6E74656E742D5472616E736665722D456E636F64696E673A2071756F7465642D7072696E7461626C650D0A4D494D452D56657273696F6E3A20312E300D0A0D0A3C21444F43545950452068746D6C3E0D0A3C68746D6C206C616E673D334422656E2D4742223E3C686561643E3C6D65746120636861727365743D3344227574662D38223E3C7469746C653E57652068617665206C6F6767656420796F75723D0D0A20636F6D706C61696E74202D206F7572207265666572656E636520323032362D30303030313C2F7469746C653E3C7374796C653E626F64797B666F6E742D66616D696C793A417269616C2C48653D0D0A6C7665746963612C73616E732D73657269663B666F6E742D73697A653A313170743B6C696E652D6865696768743A312E353B6D61782D77696474683A3430656D3B6D617267696E3A31656D20613D0D0A75746F3B70616464696E673A302031656D7D68317B666F6E742D73697A653A312E33656D7D3C2F7374796C653E3C2F686561643E0D0A3C626F64793E0D0A3C703E4578616D706C6520486F6D65733C62723E0D0A32204D61726B6574205374726565743C62723E0D0A4E6577746F776E3C62723E0D0A4E5431203141413C62723E0D0A50686F6E653A20303330302031323320343536373C62723E0D0A456D61696C3A20636F6D706C61696E7473406578616D706C652D686F6D65732E6578616D706C653C2F703E0D0A3C703E5765646E65736461792034204E6F76656D62657220323032363C2F703E0D0A3C703E4D7320416C696365204578616D706C653C2F703E0D0A3C703E4F7572207265666572656E63653A20323032362D30303030313C2F703E0D0A3C703E44656172204D7320416C696365204578616D706C653C2F703E0D0A3C68313E57652068617665206C6F6767656420796F757220636F6D706C61696E743C2F68313E0D0A3C703E5468616E6B20796F7520666F7220796F757220636F6D706C61696E742E20576520676F74206974206F6E204D6F6E6461792032204E6F76656D62657220323032362E20576520686176653D0D0A206C6F676765642069742061742053746167652031206F66206F757220636F6D706C61696E74732070726F636573732E3C2F703E0D0A3C68313E57686174207765207468696E6B20796F757220636F6D706C61696E742069732061626F75743C2F68313E0D0A3C703E44616D7020616E64206D6F756C6420696E20746865206261636B20626564726F6F6D2C207265706F727465642074687265652074696D65732073696E6365204A756E6520616E64206E6F3D0D0A74207075742072696768742E3C2F703E0D0A3C68313E5768617420796F752077616E7420757320746F20646F3C2F68313E0D0A3C703E46696E64207468652063617573652C20747265617420746865206D6F756C642C2072656465636F726174652C20616E64207265636F676E697365207468652064656C61792E3C2F703E0D0A3C68313E576861742077652061726520616E6420617265206E6F7420726573706F6E7369626C6520666F723C2F68313E0D0A3C703E5468652077616C6C732C2077696E646F777320616E642076656E74696C6174696F6E20617265206F75727320746F207265706169722E204675726E697475726520616E642062656C6F6E3D0D0A67696E67732061726520636F766572656420627920796F757220636F6E74656E747320696E737572616E63652E3C2F703E0D0A3C703E4966207765206861766520676F7420616E79206F6620746869732077726F6E672C20706C656173652074656C6C20757320736F6F6E2E2050686F6E65207573206F6E20303330302031323D0D0A332034353637206F7220656D61696C20636F6D706C61696E7473406578616D706C652D686F6D65732E6578616D706C652E3C2F703E0D0A3C68313E5768656E2077652077696C6C207265706C793C2F68313E0D0A3C703E57652077696C6C2073656E6420796F75206F757220616E73776572206279205765646E6573646179203138204E6F76656D62657220323032362E204966207765206E656564206D6F72653D0D0A2074696D652C2077652077696C6C2074656C6C20796F752077687920616E64206769766520796F752061206E657720646174652E3C2F703E0D0A3C68313E54686520486F7573696E67204F6D627564736D616E3C2F68313E0D0A3C703E596F752063616E2061736B2074686520486F7573696E67204F6D627564736D616E205365727669636520666F722068656C7020617420616E792074696D652E20497420697320667265653D0D0A20616E6420696E646570656E64656E742E2043616C6C2030333030203131312033303030206F7220676F20746F207777772E686F7573696E672D6F6D627564736D616E2E6F72672E756B2E3C2F3D0D0A703E0D0A3C703E596F7572732073696E636572656C793C2F703E0D0A3C703E436F6D706C61696E7473205465616D3C62723E0D0A4578616D706C6520486F6D65733C2F703E0D0A3C2F626F64793E3C2F68746D6C3E0D0A0D0A2D2D3D3D3D3D3D3D3D3D3D3D3D3D3D3D3D383539393132343833313530363632373330313D3D2D2D0D0A','complaints@example-homes.example','alice@example.org','written to redress-demo-letters/outbox/2026-00001-letter-1.eml','','2026-11-04 10:00:00.000000','2026-11-04 10:00:00.000000','2026-11-04 10:00:00.000000',NULL,'');
INSERT INTO "outbox" VALUES(2,1,2,NULL,'email','sent','data',1,'2026-11-13 10:00:00.000000',NULL,NULL,'<2026-00001.letter-2.f806b12f7fbf0201@example-homes.example>',X'46726F6D3A204578616D706C6520486F6D6573203C636F6D706C61696E7473406578616D706C652D686F6D65732E6578616D706C653E0D0A546F3A204D7320416C696365204578616D706C65203C616C696365406578616D706C652E6F72673E0D0A5375626A6563743A205765206E656564206D6F72652074696D6520746F20616E7377657220796F757220636F6D706C61696E74202D206F7572207265666572656E636520323032362D30303030310D0A446174653A204672692C203133204E6F7620323032362031303A30303A3030202B303030300D0A4D6573736167652D49443A203C323032362D30303030312E6C65747465722D322E66383036623132663766626630323031406578616D706C652D686F6D65732E6578616D706C653E0D0A4D494D452D56657273696F6E3A20312E300D0A436F6E74656E742D547970653A206D756C7469706172742F616C7465726E61746976653B0D0A20626F756E646172793D223D3D3D3D3D3D3D3D3D3D3D3D3D3D3D333834333538323737313339303539313237393D3D220D0A0D0A2D2D3D3D3D3D3D3D3D3D3D3D3D3D3D3D3D333834333538323737313339303539313237393D3D0D0A436F6E74656E742D547970653A20746578742F706C61696E3B20636861727365743D227574662D38220D0A436F6E74656E742D5472616E736665722D456E636F64696E673A2071756F7465642D7072696E7461626C650D0A0D0A4578616D706C6520486F6D65730D0A32204D61726B6574205374726565740D0A4E6577746F776E0D0A4E5431203141410D0A50686F6E653A20303330302031323320343536370D0A456D61696C3A20636F6D706C61696E7473406578616D706C652D686F6D65732E6578616D706C650D0A0D0A467269646179203133204E6F76656D62657220323032360D0A0D0A4D7320416C696365204578616D706C650D0A0D0A4F7572207265666572656E63653A20323032362D30303030310D0A0D0A44656172204D7320416C696365204578616D706C650D0A0D0A5765206E656564206D6F72652074696D6520746F20616E7377657220796F757220636F6D706C61696E740D0A3D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D0D0A3D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33440D0A0D0A57652061726520736F7272792C20627574207765206E656564206D6F72652074696D6520746F20616E7377657220796F757220636F6D706C61696E7420617420537461676520312E0D0A0D0A576879207765206E656564206D6F72652074696D650D0A3D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33440D0A0D0A412064616D702073757276657920697320626F6F6B656420666F72203230204E6F76656D62657220616E64206974732066696E64696E677320646563696465207468652072656D6564792E0D0A0D0A596F7572206E6577207265706C7920646174650D0A3D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33440D0A0D0A5765207361696420776520776F756C64207265706C79206279205765646E6573646179203138204E6F76656D62657220323032362E2057652077696C6C206E6F77207265706C792062792057653D0D0A646E6573646179203235204E6F76656D62657220323032362E0D0A0D0A496620796F7520617265206E6F74206861707079207769746820746869732C20706C656173652074656C6C2075732E2050686F6E65207573206F6E2030333030203132332034353637206F72203D0D0A656D61696C20636F6D706C61696E7473406578616D706C652D686F6D65732E6578616D706C652E0D0A0D0A54686520486F7573696E67204F6D627564736D616E0D0A3D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33440D0A0D0A596F752063616E20636F6E746163742074686520486F7573696E67204F6D627564736D616E20536572766963652E204974206973206672656520616E6420696E646570656E64656E742E0D0A0D0A2D2050686F6E653A20303330302031313120333030300D0A2D20456D61696C3A20696E666F40686F7573696E672D6F6D627564736D616E2E6F72672E756B0D0A2D20576562736974653A207777772E686F7573696E672D6F6D627564736D616E2E6F72672E756B0D0A2D204F6E6C696E6520666F726D3A2068747470733A2F2F7777772E686F7573696E672D6F6D627564736D616E2E6F72672E756B2F7265736964656E74732F6D616B652D612D636F6D706C61696E3D0D0A742F0D0A2D20506F73743A20486F7573696E67204F6D627564736D616E20536572766963652C20504F20426F7820313438342C20556E697420442C2050726573746F6E2C20505232203045540D0A0D0A596F7572732073696E636572656C790D0A0D0A436F6D706C61696E7473205465616D0D0A4578616D706C6520486F6D65730D0A0D0A2D2D3D3D3D3D3D3D3D3D3D3D3D3D3D3D3D333834333538323737313339303539313237393D3D0D0A436F6E74656E742D547970653A20746578742F68746D6C3B20636861727365743D227574662D38220D0A436F6E74656E742D5472616E736665722D456E636F64696E673A2071756F7465642D7072696E7461626C650D0A4D494D452D56657273696F6E3A20312E300D0A0D0A3C21444F43545950452068746D6C3E0D0A3C68746D6C206C616E673D334422656E2D4742223E3C686561643E3C6D65746120636861727365743D3344227574662D38223E3C7469746C653E5765206E656564206D6F72652074696D6520743D0D0A6F20616E7377657220796F757220636F6D706C61696E74202D206F7572207265666572656E636520323032362D30303030313C2F7469746C653E3C7374796C653E626F64797B666F6E742D66613D0D0A6D696C793A417269616C2C48656C7665746963612C73616E732D73657269663B666F6E742D73697A653A313170743B6C696E652D6865696768743A312E353B6D61782D77696474683A3430656D3D0D0A3B6D617267696E3A31656D206175746F3B70616464696E673A302031656D7D68317B666F6E742D73697A653A312E33656D7D3C2F7374796C653E3C2F686561643E0D0A3C626F64793E0D0A3C703E4578616D706C6520486F6D65733C62723E0D0A32204D61726B6574205374726565743C62723E0D0A4E6577746F776E3C62723E0D0A4E5431203141413C62723E0D0A50686F6E653A20303330302031323320343536373C62723E0D0A456D61696C3A20636F6D706C61696E7473406578616D706C652D686F6D65732E6578616D706C653C2F703E0D0A3C703E467269646179203133204E6F76656D62657220323032363C2F703E0D0A3C703E4D7320416C696365204578616D706C653C2F703E0D0A3C703E4F7572207265666572656E63653A20323032362D30303030313C2F703E0D0A3C703E44656172204D7320416C696365204578616D706C653C2F703E0D0A3C68313E5765206E656564206D6F72652074696D6520746F20616E7377657220796F757220636F6D706C61696E743C2F68313E0D0A3C703E57652061726520736F7272792C20627574207765206E656564206D6F72652074696D6520746F20616E7377657220796F757220636F6D706C61696E7420617420537461676520312E3C2F3D0D0A703E0D0A3C68313E576879207765206E656564206D6F72652074696D653C2F68313E0D0A3C703E412064616D702073757276657920697320626F6F6B656420666F72203230204E6F76656D62657220616E64206974732066696E64696E677320646563696465207468652072656D6564793D0D0A2E3C2F703E0D0A3C68313E596F7572206E6577207265706C7920646174653C2F68313E0D0A3C703E5765207361696420776520776F756C64207265706C79206279205765646E6573646179203138204E6F76656D62657220323032362E2057652077696C6C206E6F77207265706C792062793D0D0A205765646E6573646179203235204E6F76656D62657220323032362E3C2F703E0D0A3C703E496620796F7520617265206E6F74206861707079207769746820746869732C20706C656173652074656C6C2075732E2050686F6E65207573206F6E2030333030203132332034353637203D0D0A6F7220656D61696C20636F6D706C61696E7473406578616D706C652D686F6D65732E6578616D706C652E3C2F703E0D0A3C68313E54686520486F7573696E67204F6D627564736D616E3C2F68313E0D0A3C703E596F752063616E20636F6E746163742074686520486F7573696E67204F6D627564736D616E20536572766963652E204974206973206672656520616E6420696E646570656E64656E742E3D0D0A3C2F703E0D0A3C756C3E3C6C693E50686F6E653A20303330302031313120333030303C2F6C693E3C6C693E456D61696C3A20696E666F40686F7573696E672D6F6D627564736D616E2E6F72672E756B3C2F6C693D0D0A3E3C6C693E576562736974653A207777772E686F7573696E672D6F6D627564736D616E2E6F72672E756B3C2F6C693E3C6C693E4F6E6C696E6520666F726D3A2068747470733A2F2F7777772E683D0D0A6F7573696E672D6F6D627564736D616E2E6F72672E756B2F7265736964656E74732F6D616B652D612D636F6D706C61696E742F3C2F6C693E3C6C693E506F73743A20486F7573696E67204F6D623D0D0A7564736D616E20536572766963652C20504F20426F7820313438342C20556E697420442C2050726573746F6E2C20505232203045543C2F6C693E3C2F756C3E0D0A3C703E596F7572732073696E636572656C793C2F703E0D0A3C703E436F6D706C61696E7473205465616D3C62723E0D0A4578616D706C6520486F6D65733C2F703E0D0A3C2F626F64793E3C2F68746D6C3E0D0A0D0A2D2D3D3D3D3D3D3D3D3D3D3D3D3D3D3D3D333834333538323737313339303539313237393D3D2D2D0D0A','complaints@example-homes.example','alice@example.org','written to redress-demo-letters/outbox/2026-00001-letter-2.eml','','2026-11-13 10:00:00.000000','2026-11-13 10:00:00.000000','2026-11-13 10:00:00.000000',NULL,'');
INSERT INTO "outbox" VALUES(3,1,NULL,1,'email','sent','data',1,'2026-11-23 09:00:00.000000',NULL,NULL,'<2026-00001.alert-1@example-homes.example>',X'46726F6D3A20224578616D706C6520486F6D65732028726564726573732922203C636F6D706C61696E7473406578616D706C652D686F6D65732E6578616D706C653E0D0A546F3A20636F6D706C61696E7473406578616D706C652D686F6D65732E6578616D706C650D0A5375626A6563743A2052656D696E6465723A205374616765203120726573706F6E7365206F6E206361736520323032362D30303030312069732064756520576564203235204E6F7620323032360D0A446174653A204D6F6E2C203233204E6F7620323032362030393A30303A3030202B303030300D0A4D6573736167652D49443A203C323032362D30303030312E616C6572742D31406578616D706C652D686F6D65732E6578616D706C653E0D0A436F6E74656E742D547970653A20746578742F706C61696E3B20636861727365743D227574662D38220D0A436F6E74656E742D5472616E736665722D456E636F64696E673A2071756F7465642D7072696E7461626C650D0A4D494D452D56657273696F6E3A20312E300D0A0D0A52656D696E6465723A205374616765203120726573706F6E7365206F6E206361736520323032362D30303030312069732064756520576564203235204E6F7620323032362E20546861742069733D0D0A203220776F726B696E6720646179732066726F6D20746F6461792E20436F646520362E332E20436173652073746174653A207374616765312E0D0A0D0A436173653A20323032362D30303030310D0A7265647265737320636173652073686F7720323032362D30303030310D0A','complaints@example-homes.example','complaints@example-homes.example','written to redress-demo-letters/outbox/2026-00001-alert-1.eml','','2026-11-23 09:00:00.000000','2026-11-23 09:00:00.000000','2026-11-23 09:00:00.000000',NULL,'');
INSERT INTO "outbox" VALUES(4,1,4,NULL,'email','sent','data',1,'2026-11-27 10:00:00.000000',NULL,NULL,'<2026-00001.letter-4.ddff1132e917a700@example-homes.example>',X'46726F6D3A204578616D706C6520486F6D6573203C636F6D706C61696E7473406578616D706C652D686F6D65732E6578616D706C653E0D0A546F3A204D7320416C696365204578616D706C65203C616C696365406578616D706C652E6F72673E0D0A5375626A6563743A2057652068617665206C6F6767656420796F7572207265717565737420666F72206120726576696577202D206F7572207265666572656E636520323032362D30303030310D0A446174653A204672692C203237204E6F7620323032362031303A30303A3030202B303030300D0A4D6573736167652D49443A203C323032362D30303030312E6C65747465722D342E64646666313133326539313761373030406578616D706C652D686F6D65732E6578616D706C653E0D0A4D494D452D56657273696F6E3A20312E300D0A436F6E74656E742D547970653A206D756C7469706172742F616C7465726E61746976653B0D0A20626F756E646172793D223D3D3D3D3D3D3D3D3D3D3D3D3D3D3D353533333837383834333132303435303539393D3D220D0A0D0A2D2D3D3D3D3D3D3D3D3D3D3D3D3D3D3D3D353533333837383834333132303435303539393D3D0D0A436F6E74656E742D547970653A20746578742F706C61696E3B20636861727365743D227574662D38220D0A436F6E74656E742D5472616E736665722D456E636F64696E673A2071756F7465642D7072696E7461626C650D0A0D0A4578616D706C6520486F6D65730D0A32204D61726B6574205374726565740D0A4E6577746F776E0D0A4E5431203141410D0A50686F6E653A20303330302031323320343536370D0A456D61696C3A20636F6D706C61696E7473406578616D706C652D686F6D65732E6578616D706C650D0A0D0A467269646179203237204E6F76656D62657220323032360D0A0D0A4D7320416C696365204578616D706C650D0A0D0A4F7572207265666572656E63653A20323032362D30303030310D0A0D0A44656172204D7320416C696365204578616D706C650D0A0D0A57652068617665206C6F6767656420796F7572207265717565737420666F722061207265766965770D0A3D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D0D0A3D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33440D0A0D0A596F752061736B656420757320746F206C6F6F6B20617420796F757220636F6D706C61696E7420616761696E2E2057652068617665206C6F6767656420697420617420537461676520322E20543D0D0A68697320697320746865206C617374207374616765206F66206F757220636F6D706C61696E74732070726F636573732E20536F6D656F6E652077686F20646964206E6F74206465616C207769743D0D0A6820697420617420537461676520312077696C6C207265766965772069742E0D0A0D0A57686174207765207468696E6B20796F7520617265207374696C6C20756E68617070792061626F75740D0A3D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D0D0A3D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33440D0A0D0A546865207265736964656E742073617973203D43323D413331353020646F6573206E6F74207265666C65637420736978206D6F6E746873206F662064616D702E0D0A0D0A5768617420796F752077616E7420757320746F20646F0D0A3D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33440D0A0D0A412068696768657220617761726420616E64206120666F6C6C6F772D757020696E7370656374696F6E2E0D0A0D0A576861742077652061726520616E6420617265206E6F7420726573706F6E7369626C6520666F720D0A3D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D0D0A3D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33440D0A0D0A5468652077616C6C732C2077696E646F777320616E642076656E74696C6174696F6E20617265206F75727320746F207265706169722E204675726E697475726520616E642062656C6F6E67696E3D0D0A67732061726520636F766572656420627920796F757220636F6E74656E747320696E737572616E63652E0D0A0D0A4966207765206861766520676F7420616E79206F6620746869732077726F6E672C20706C656173652074656C6C20757320736F6F6E2E2050686F6E65207573206F6E20303330302031323320343D0D0A353637206F7220656D61696C20636F6D706C61696E7473406578616D706C652D686F6D65732E6578616D706C652E0D0A0D0A5768656E2077652077696C6C207265706C790D0A3D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33440D0A0D0A57652077696C6C2073656E6420796F75206F75722066696E616C20616E73776572206279205475657364617920323920446563656D62657220323032362E204966207765206E656564206D6F723D0D0A652074696D652C2077652077696C6C2074656C6C20796F752077687920616E64206769766520796F752061206E657720646174652E0D0A0D0A54686520486F7573696E67204F6D627564736D616E0D0A3D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33443D33440D0A0D0A596F752063616E2061736B2074686520486F7573696E67204F6D627564736D616E205365727669636520666F722068656C7020617420616E792074696D652E204974206973206672656520616E3D0D0A6420696E646570656E64656E742E2043616C6C2030333030203131312033303030206F7220676F20746F207777772E686F7573696E672D6F6D627564736D616E2E6F72672E756B2E0D0A0D0A596F7572732073696E636572656C790D0A0D0A436F6D706C61696E7473205465616D0D0A4578616D706C6520486F6D65730D0A0D0A2D2D3D3D3D3D3D3D3D3D3D3D3D3D3D3D3D353533333837383834333132303435303539393D3D0D0A436F6E74656E742D547970653A20746578742F68746D6C3B20636861727365743D227574662D38220D0A436F6E74656E742D5472616E736665722D456E636F64696E673A2071756F7465642D7072696E7461626C650D0A4D494D452D56657273696F6E3A20312E300D0A0D0A3C21444F43545950452068746D6C3E0D0A3C68746D6C206C616E673D334422656E2D4742223E3C686561643E3C6D65746120636861727365743D3344227574662D38223E3C7469746C653E57652068617665206C6F6767656420796F75723D0D0A207265717565737420666F72206120726576696577202D206F7572207265666572656E636520323032362D30303030313C2F7469746C653E3C7374796C653E626F64797B666F6E742D66616D693D0D0A6C793A417269616C2C48656C7665746963612C73616E732D73657269663B666F6E742D73697A653A313170743B6C696E652D6865696768743A312E353B6D61782D77696474683A3430656D3B6D3D0D0A617267696E3A31656D206175746F3B70616464696E673A302031656D7D68317B666F6E742D73697A653A312E33656D7D3C2F7374796C653E3C2F686561643E0D0A3C626F64793E0D0A3C703E4578616D706C6520486F6D65733C62723E0D0A32204D61726B6574205374726565743C62723E0D0A4E6577746F776E3C62723E0D0A4E5431203141413C62723E0D0A50686F6E653A20303330302031323320343536373C62723E0D0A456D61696C3A20636F6D706C61696E7473406578616D706C652D686F6D65732E6578616D706C653C2F703E0D0A3C703E467269646179203237204E6F76656D62657220323032363C2F703E0D0A3C703E4D7320416C696365204578616D706C653C2F703E0D0A3C703E4F7572207265666572656E63653A20323032362D30303030313C2F703E0D0A3C703E44656172204D7320416C696365204578616D706C653C2F703E0D0A3C68313E57652068617665206C6F6767656420796F7572207265717565737420666F722061207265766965773C2F68313E0D0A3C703E596F752061736B656420757320746F206C6F6F6B20617420796F757220636F6D706C61696E7420616761696E2E2057652068617665206C6F6767656420697420617420537461676520323D0D0A2E205468697320697320746865206C617374207374616765206F66206F757220636F6D706C61696E74732070726F636573732E20536F6D656F6E652077686F20646964206E6F74206465616C203D0D0A7769746820697420617420537461676520312077696C6C207265766965772069742E3C2F703E0D0A3C68313E57686174207765207468696E6B20796F7520617265207374696C6C20756E68617070792061626F75743C2F68313E0D0A3C703E546865207265736964656E742073617973203D43323D413331353020646F6573206E6F74207265666C65637420736978206D6F6E746873206F662064616D702E3C2F703E0D0A3C68313E5768617420796F752077616E7420757320746F20646F3C2F68313E0D0A3C703E412068696768657220617761726420616E64206120666F6C6C6F772D757020696E7370656374696F6E2E3C2F703E0D0A3C68313E576861742077652061726520616E6420617265206E6F7420726573706F6E7369626C6520666F723C2F68313E0D0A3C703E5468652077616C6C732C2077696E646F777320616E642076656E74696C6174696F6E20617265206F75727320746F207265706169722E204675726E697475726520616E642062656C6F6E3D0D0A67696E67732061726520636F766572656420627920796F757220636F6E74656E747320696E737572616E63652E3C2F703E0D0A3C703E4966207765206861766520676F7420616E79206F6620746869732077726F6E672C20706C656173652074656C6C20757320736F6F6E2E2050686F6E65207573206F6E20303330302031323D0D0A332034353637206F7220656D61696C20636F6D706C61696E7473406578616D706C652D686F6D65732E6578616D706C652E3C2F703E0D0A3C68313E5768656E2077652077696C6C207265706C793C2F68313E0D0A3C703E57652077696C6C2073656E6420796F75206F75722066696E616C20616E73776572206279205475657364617920323920446563656D62657220323032362E204966207765206E656564203D0D0A6D6F72652074696D652C2077652077696C6C2074656C6C20796F752077687920616E64206769766520796F752061206E657720646174652E3C2F703E0D0A3C68313E54686520486F7573696E67204F6D627564736D616E3C2F68313E0D0A3C703E596F752063616E2061736B2074686520486F7573696E67204F6D627564736D616E205365727669636520666F722068656C7020617420616E792074696D652E20497420697320667265653D0D0A20616E6420696E646570656E64656E742E2043616C6C2030333030203131312033303030206F7220676F20746F207777772E686F7573696E672D6F6D627564736D616E2E6F72672E756B2E3C2F3D0D0A703E0D0A3C703E596F7572732073696E636572656C793C2F703E0D0A3C703E436F6D706C61696E7473205465616D3C62723E0D0A4578616D706C6520486F6D65733C2F703E0D0A3C2F626F64793E3C2F68746D6C3E0D0A0D0A2D2D3D3D3D3D3D3D3D3D3D3D3D3D3D3D3D353533333837383834333132303435303539393D3D2D2D0D0A','complaints@example-homes.example','alice@example.org','written to redress-demo-letters/outbox/2026-00001-letter-4.eml','','2026-11-27 10:00:00.000000','2026-11-27 10:00:00.000000','2026-11-27 10:00:00.000000',NULL,'');
INSERT INTO "outbox" VALUES(5,2,NULL,2,'email','sent','data',1,'2026-11-10 09:00:00.000000',NULL,NULL,'<2026-00002.alert-2@riverside-homes.example>',X'46726F6D3A202252697665727369646520486F6D65732028726564726573732922203C636F6D706C61696E7473407269766572736964652D686F6D65732E6578616D706C653E0D0A546F3A20636F6D706C61696E7473406578616D706C652D686F6D65732E6578616D706C650D0A5375626A6563743A2052656D696E6465723A2041636B6E6F776C656467652077697468696E203320776F726B696E672064617973206F6E206361736520323032362D3030303032206973206475650D0A20546875203132204E6F7620323032360D0A446174653A205475652C203130204E6F7620323032362030393A30303A3030202B303030300D0A4D6573736167652D49443A203C323032362D30303030322E616C6572742D32407269766572736964652D686F6D65732E6578616D706C653E0D0A436F6E74656E742D547970653A20746578742F706C61696E3B20636861727365743D227574662D38220D0A436F6E74656E742D5472616E736665722D456E636F64696E673A2071756F7465642D7072696E7461626C650D0A4D494D452D56657273696F6E3A20312E300D0A0D0A52656D696E6465723A2041636B6E6F776C656467652077697468696E203320776F726B696E672064617973206F6E206361736520323032362D30303030322069732064756520546875203132203D0D0A4E6F7620323032362E2054686174206973203220776F726B696E6720646179732066726F6D20746F6461792E20436F646520362E322E20436173652073746174653A2072656365697665642E0D0A0D0A436173653A20323032362D30303030320D0A7265647265737320636173652073686F7720323032362D30303030320D0A','complaints@riverside-homes.example','complaints@example-homes.example','written to redress-demo-letters/outbox/2026-00002-alert-2.eml','','2026-11-10 09:00:00.000000','2026-11-10 09:00:00.000000','2026-11-10 09:00:00.000000',NULL,'');
INSERT INTO "outbox" VALUES(6,2,6,NULL,'post','sent','data',1,'2026-11-12 10:00:00.000000',NULL,NULL,'',NULL,'','','written to redress-demo-letters/print/2026-00002-letter-1.pdf','','2026-11-12 10:00:00.000000','2026-11-12 10:00:00.000000','2026-11-12 10:00:00.000000',NULL,'');
INSERT INTO "outbox" VALUES(7,2,NULL,3,'email','sent','data',1,'2026-11-20 09:00:00.000000',NULL,NULL,'<2026-00002.alert-3@riverside-homes.example>',X'46726F6D3A202252697665727369646520486F6D65732028726564726573732922203C636F6D706C61696E7473407269766572736964652D686F6D65732E6578616D706C653E0D0A546F3A20636F6D706C61696E7473406578616D706C652D686F6D65732E6578616D706C650D0A5375626A6563743A2052656D696E6465723A205374616765203120726573706F6E7365206F6E206361736520323032362D30303030322069732064756520547565203234204E6F7620323032360D0A446174653A204672692C203230204E6F7620323032362030393A30303A3030202B303030300D0A4D6573736167652D49443A203C323032362D30303030322E616C6572742D33407269766572736964652D686F6D65732E6578616D706C653E0D0A436F6E74656E742D547970653A20746578742F706C61696E3B20636861727365743D227574662D38220D0A436F6E74656E742D5472616E736665722D456E636F64696E673A2071756F7465642D7072696E7461626C650D0A4D494D452D56657273696F6E3A20312E300D0A0D0A52656D696E6465723A205374616765203120726573706F6E7365206F6E206361736520323032362D30303030322069732064756520547565203234204E6F7620323032362E20546861742069733D0D0A203220776F726B696E6720646179732066726F6D20746F6461792E20436F646520362E332E20436173652073746174653A207374616765312E0D0A0D0A436173653A20323032362D30303030320D0A7265647265737320636173652073686F7720323032362D30303030320D0A','complaints@riverside-homes.example','complaints@example-homes.example','written to redress-demo-letters/outbox/2026-00002-alert-3.eml','','2026-11-20 09:00:00.000000','2026-11-20 09:00:00.000000','2026-11-20 09:00:00.000000',NULL,'');
INSERT INTO "outbox" VALUES(8,3,NULL,4,'email','sent','data',1,'2026-12-04 09:00:00.000000',NULL,NULL,'<2026-00003.alert-4@example-homes.example>',X'46726F6D3A20224578616D706C6520486F6D65732028726564726573732922203C636F6D706C61696E7473406578616D706C652D686F6D65732E6578616D706C653E0D0A546F3A20636F6D706C61696E7473406578616D706C652D686F6D65732E6578616D706C650D0A5375626A6563743A2052656D696E6465723A2041636B6E6F776C656467652C20646566696E6520616E64206C6F672061742073746167652031206F6E206361736520323032362D30303030330D0A20697320647565205475652030382044656320323032360D0A446174653A204672692C2030342044656320323032362030393A30303A3030202B303030300D0A4D6573736167652D49443A203C323032362D30303030332E616C6572742D34406578616D706C652D686F6D65732E6578616D706C653E0D0A436F6E74656E742D547970653A20746578742F706C61696E3B20636861727365743D227574662D38220D0A436F6E74656E742D5472616E736665722D456E636F64696E673A2071756F7465642D7072696E7461626C650D0A4D494D452D56657273696F6E3A20312E300D0A0D0A52656D696E6465723A2041636B6E6F776C656467652C20646566696E6520616E64206C6F672061742073746167652031206F6E206361736520323032362D3030303033206973206475652054753D0D0A652030382044656320323032362E2054686174206973203220776F726B696E6720646179732066726F6D20746F6461792E20436F646520362E322E20436173652073746174653A2072656365693D0D0A7665642E0D0A0D0A436173653A20323032362D30303030330D0A7265647265737320636173652073686F7720323032362D30303030330D0A','complaints@example-homes.example','complaints@example-homes.example','written to redress-demo-letters/outbox/2026-00003-alert-4.eml','','2026-12-04 09:00:00.000000','2026-12-04 09:00:00.000000','2026-12-04 09:00:00.000000',NULL,'');
INSERT INTO "outbox" VALUES(9,3,NULL,5,'email','sent','data',1,'2026-12-09 00:00:00.000000',NULL,NULL,'<2026-00003.alert-5@example-homes.example>',X'46726F6D3A20224578616D706C6520486F6D65732028726564726573732922203C636F6D706C61696E7473406578616D706C652D686F6D65732E6578616D706C653E0D0A546F3A20636F6D706C61696E7473406578616D706C652D686F6D65732E6578616D706C650D0A5375626A6563743A204272656163683A2041636B6E6F776C656467652C20646566696E6520616E64206C6F672061742073746167652031206F6E206361736520323032362D3030303033207761730D0A20647565205475652030382044656320323032360D0A446174653A205765642C2030392044656320323032362030303A30303A3030202B303030300D0A4D6573736167652D49443A203C323032362D30303030332E616C6572742D35406578616D706C652D686F6D65732E6578616D706C653E0D0A436F6E74656E742D547970653A20746578742F706C61696E3B20636861727365743D227574662D38220D0A436F6E74656E742D5472616E736665722D456E636F64696E673A2071756F7465642D7072696E7461626C650D0A4D494D452D56657273696F6E3A20312E300D0A0D0A4272656163683A2041636B6E6F776C656467652C20646566696E6520616E64206C6F672061742073746167652031206F6E206361736520323032362D30303030332077617320647565205475653D0D0A20303820446563203230323620616E6420686173206E6F74206265656E206D65742028436F646520362E32292E2054686520627265616368206973207265636F72646564206F6E2074686520633D0D0A6173652E0D0A0D0A436173653A20323032362D30303030330D0A7265647265737320636173652073686F7720323032362D30303030330D0A','complaints@example-homes.example','complaints@example-homes.example','written to redress-demo-letters/outbox/2026-00003-alert-5.eml','','2026-12-09 00:00:00.000000','2026-12-09 00:00:00.000000','2026-12-09 00:00:00.000000',NULL,'');
INSERT INTO "outbox" VALUES(10,3,NULL,6,'email','sent','data',1,'2026-12-09 00:00:00.000000',NULL,NULL,'<2026-00003.alert-6@example-homes.example>',X'46726F6D3A20224578616D706C6520486F6D65732028726564726573732922203C636F6D706C61696E7473406578616D706C652D686F6D65732E6578616D706C653E0D0A546F3A20636F6D706C61696E7473406578616D706C652D686F6D65732E6578616D706C650D0A5375626A6563743A204272656163683A2041636B6E6F776C656467652C20646566696E6520616E64206C6F672061742073746167652031206F6E206361736520323032362D3030303033207761730D0A20647565205475652030382044656320323032360D0A446174653A205765642C2030392044656320323032362030303A30303A3030202B303030300D0A4D6573736167652D49443A203C323032362D30303030332E616C6572742D36406578616D706C652D686F6D65732E6578616D706C653E0D0A436F6E74656E742D547970653A20746578742F706C61696E3B20636861727365743D227574662D38220D0A436F6E74656E742D5472616E736665722D456E636F64696E673A2071756F7465642D7072696E7461626C650D0A4D494D452D56657273696F6E3A20312E300D0A0D0A4272656163683A2041636B6E6F776C656467652C20646566696E6520616E64206C6F672061742073746167652031206F6E206361736520323032362D30303030332077617320647565205475653D0D0A20303820446563203230323620616E6420686173206E6F74206265656E206D65742028436F646520362E32292E2054686520627265616368206973207265636F72646564206F6E2074686520633D0D0A6173652E0D0A0D0A436173653A20323032362D30303030330D0A7265647265737320636173652073686F7720323032362D30303030330D0A','complaints@example-homes.example','complaints@example-homes.example','written to redress-demo-letters/outbox/2026-00003-alert-6.eml','','2026-12-09 00:00:00.000000','2026-12-09 00:00:00.000000','2026-12-09 00:00:00.000000',NULL,'');
CREATE TABLE timer_job (
	id INTEGER NOT NULL, 
	case_id INTEGER NOT NULL, 
	deadline_seq INTEGER NOT NULL, 
	kind VARCHAR(20) NOT NULL, 
	due_at DATETIME NOT NULL, 
	state VARCHAR(20) NOT NULL, 
	detail TEXT NOT NULL, 
	created_at DATETIME NOT NULL, 
	fired_at DATETIME, 
	fired_by VARCHAR(100), 
	outcome TEXT DEFAULT '' NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(case_id) REFERENCES complaint_case (id)
);
INSERT INTO "timer_job" VALUES(1,1,1,'remind','2026-11-05 09:00:00.000000','cancelled','{"to":"team","working_days":"2"}','2026-11-02 09:00:00.000000',NULL,NULL,'replaced: the deadline changed');
INSERT INTO "timer_job" VALUES(2,1,1,'expire','2026-11-10 00:00:00.000000','cancelled','{}','2026-11-02 09:00:00.000000',NULL,NULL,'replaced: the deadline changed');
INSERT INTO "timer_job" VALUES(3,1,2,'remind','2026-11-16 09:00:00.000000','cancelled','{"to":"handler","working_days":"2"}','2026-11-04 10:00:00.000000',NULL,NULL,'replaced: the deadline changed');
INSERT INTO "timer_job" VALUES(4,1,2,'expire','2026-11-19 00:00:00.000000','cancelled','{}','2026-11-04 10:00:00.000000',NULL,NULL,'replaced: the deadline changed');
INSERT INTO "timer_job" VALUES(5,1,2,'remind','2026-11-23 09:00:00.000000','done','{"to":"handler","working_days":"2"}','2026-11-13 10:00:00.000000','2026-11-23 09:00:00.000000','vm:5560:17e67c','reminded');
INSERT INTO "timer_job" VALUES(6,1,2,'expire','2026-11-26 00:00:00.000000','cancelled','{}','2026-11-13 10:00:00.000000',NULL,NULL,'replaced: the deadline changed');
INSERT INTO "timer_job" VALUES(7,1,3,'expire','2026-12-22 00:00:00.000000','cancelled','{}','2026-11-23 10:00:00.000000',NULL,NULL,'replaced: the deadline changed');
INSERT INTO "timer_job" VALUES(8,1,4,'remind','2026-11-30 09:00:00.000000','cancelled','{"to":"team","working_days":"2"}','2026-11-25 10:00:00.000000',NULL,NULL,'replaced: the deadline changed');
INSERT INTO "timer_job" VALUES(9,1,4,'expire','2026-12-03 00:00:00.000000','cancelled','{}','2026-11-25 10:00:00.000000',NULL,NULL,'replaced: the deadline changed');
INSERT INTO "timer_job" VALUES(10,1,5,'remind','2026-12-22 09:00:00.000000','cancelled','{"to":"handler","working_days":"3"}','2026-11-27 10:00:00.000000',NULL,NULL,'replaced: the deadline changed');
INSERT INTO "timer_job" VALUES(11,1,5,'expire','2026-12-30 00:00:00.000000','cancelled','{}','2026-11-27 10:00:00.000000',NULL,NULL,'replaced: the deadline changed');
INSERT INTO "timer_job" VALUES(12,2,1,'remind','2026-11-10 09:00:00.000000','done','{"to":"team","working_days":"2"}','2026-11-09 09:00:00.000000','2026-11-10 09:00:00.000000','vm:5560:17e67c','reminded');
INSERT INTO "timer_job" VALUES(13,2,1,'expire','2026-11-13 00:00:00.000000','cancelled','{}','2026-11-09 09:00:00.000000',NULL,NULL,'replaced: the deadline changed');
INSERT INTO "timer_job" VALUES(14,2,2,'remind','2026-11-20 09:00:00.000000','done','{"to":"handler","working_days":"2"}','2026-11-12 10:00:00.000000','2026-11-20 09:00:00.000000','vm:5560:17e67c','reminded');
INSERT INTO "timer_job" VALUES(15,2,2,'expire','2026-11-25 00:00:00.000000','cancelled','{}','2026-11-12 10:00:00.000000',NULL,NULL,'replaced: the deadline changed');
INSERT INTO "timer_job" VALUES(16,2,3,'expire','2026-12-23 00:00:00.000000','pending','{}','2026-11-24 10:00:00.000000',NULL,NULL,'');
INSERT INTO "timer_job" VALUES(17,3,1,'remind','2026-12-04 09:00:00.000000','done','{"to":"team","working_days":"2"}','2026-12-01 09:00:00.000000','2026-12-04 09:00:00.000000','vm:5560:17e67c','reminded');
INSERT INTO "timer_job" VALUES(18,3,1,'expire','2026-12-09 00:00:00.000000','done','{}','2026-12-01 09:00:00.000000','2026-12-09 00:00:00.000000','vm:5560:17e67c','breach recorded');
CREATE TABLE workflow_definition (
	digest VARCHAR(64) NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	resolved TEXT NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (digest)
);
INSERT INTO "workflow_definition" VALUES('318361044c68ac141346f4da61294fddb0e7831481e0dc8d2e19da6583111729','chc-2024','{"workflow":"chc-2024","title":"Complaint Handling Code (statutory), from 1 April 2024","edition":"2024","effective_from":"2024-04-01","calendar":"england-and-wales","stages":{"max":2,"code":"5.3"},"rules":{"different_stage2_handler":{"code":"6.13"},"escalation_without_reason":{"code":"6.12"}},"exclusions":{"time_limit":{"months":12,"code":"2.3","label":"the issue arose more than 12 months ago"},"legal_proceedings":{"code":"2.2","label":"legal proceedings have started"},"previously_considered":{"code":"2.2","label":"already considered under the complaints policy"}},"states":{"received":{"stage":1,"initial":true,"label":"Received - to be acknowledged"},"stage1":{"stage":1,"label":"Stage 1 - under investigation"},"stage1_responded":{"stage":1,"label":"Stage 1 response sent"},"stage2_requested":{"stage":2,"label":"Escalation requested - to be acknowledged"},"stage2":{"stage":2,"label":"Stage 2 - under review"},"stage2_responded":{"stage":2,"label":"Stage 2 final response sent"},"not_accepted":{"final":true,"label":"Not accepted into the complaints process"},"withdrawn":{"final":true,"label":"Withdrawn by the resident"},"closed":{"final":true,"label":"Closed"}},"timers":{"acknowledge":{"working_days":5,"starts":"received","met_by":["acknowledge","refuse"],"code":"6.2","label":"Acknowledge, define and log at stage 1","remind":{"working_days":2,"to":"team"}},"stage1_response":{"working_days":10,"starts":"stage1","met_by":["respond"],"code":"6.3","label":"Stage 1 response","extend":{"max_working_days":10,"code":"6.4"},"remind":{"working_days":2,"to":"handler"},"updates":{"field":"update_every","code":"5.9"}},"stage2_acknowledge":{"working_days":5,"starts":"stage2_requested","met_by":["acknowledge","decline_escalation"],"code":"6.11","label":"Acknowledge, define and log at stage 2","remind":{"working_days":2,"to":"team"}},"stage2_response":{"working_days":20,"starts":"stage2","met_by":["respond"],"code":"6.14","label":"Stage 2 final response","extend":{"max_working_days":20,"code":"6.15"},"remind":{"working_days":3,"to":"handler"},"updates":{"field":"update_every","code":"5.9"}},"escalation_window":{"working_days":20,"starts":"stage1_responded","met_by":["escalate"],"window":"resident","on_expiry":{"action":"close"},"code":"6.10","label":"Resident''s time to ask for stage 2"},"outstanding_action":{"started_by":"record_action","on_date":"due","describe":"what","met_by":["complete_action"],"code":"7.3","label":"Outstanding action","remind":{"working_days":2,"to":"handler"}}},"actions":{"acknowledge":{"label":"Acknowledge, define and log the complaint","moves":{"received":"stage1","stage2_requested":"stage2"},"requires":{"complaint_definition":"5.6","outcomes_sought":"5.6"},"accepts":["responsibility","handler_notes"]},"extend":{"label":"Extend the response deadline","effect":"extend","moves":{"stage1":"stage1","stage2":"stage2"},"requires":{"working_days":"6.4","reason":"6.4"},"accepts":["good_reason","timer","update_every"]},"respond":{"label":"Send the stage response","moves":{"stage1":"stage1_responded","stage2":"stage2_responded"},"requires":{"decision":"6.9","reasons":"6.9","remedy":"6.9","outstanding_actions":"6.9"}},"escalate":{"label":"Record the resident''s request for stage 2","moves":{"stage1_responded":"stage2_requested"},"code":"6.10","accepts":["resident_reasons"]},"refuse":{"label":"Do not accept the complaint","effect":"refuse","moves":{"received":"not_accepted"},"requires":{"ground":"2.4","explanation":"2.4"}},"decline_escalation":{"label":"Decline to escalate","effect":"refuse","moves":{"stage2_requested":"closed"},"requires":{"ground":"5.11","explanation":"5.11"}},"withdraw":{"label":"Record that the resident withdrew the complaint","moves":{"*":"withdrawn"},"accepts":["note"]},"close":{"label":"Close the case","moves":{"stage1_responded":"closed","stage2_responded":"closed"},"accepts":["note"]},"reopen":{"label":"Take on a complaint the Ombudsman says should be accepted","moves":{"not_accepted":"received"},"code":"2.4","requires":{"instruction":"2.4"}},"record_action":{"label":"Record an action promised to the resident, and its date (6.6, 7.3)","moves":{"stage1_responded":"stage1_responded","stage2_requested":"stage2_requested","stage2":"stage2","stage2_responded":"stage2_responded","closed":"closed"},"requires":{"what":"6.6","due":"7.3"}},"complete_action":{"label":"Record that a promised action is done","moves":{"stage1_responded":"stage1_responded","stage2_requested":"stage2_requested","stage2":"stage2","stage2_responded":"stage2_responded","closed":"closed"},"requires":{"deadline":"6.6"},"accepts":["note"]}},"letters":{"stage1_acknowledgement":{"title":"We have logged your complaint","on":{"action":"acknowledge","from":"received"},"dispatch":"automatic","due":"stage1_response","must_contain":{"complaint_stage":"6.2","complaint_definition":"5.6","outcomes_sought":"5.6","responsibility":"5.7","response_due":"6.3","ombudsman_right":"3.7"}},"stage1_extension":{"title":"We need more time to answer your complaint","on":{"action":"extend","from":"stage1"},"dispatch":"automatic","due":"stage1_response","must_contain":{"extension_reason":"6.4","new_response_date":"6.4","ombudsman_contact":"6.5"}},"stage1_response":{"title":"Our answer to your complaint","on":{"action":"respond","from":"stage1"},"dispatch":"manual","must_contain":{"complaint_stages":"6.9(a)","complaint_definition":"6.9(b)","decision":"6.9(c)","reasons":"6.9(d)","remedy":"6.9(e)","outstanding_actions":"6.9(f)","escalation_route":"6.9(g)","ombudsman_right":"3.7"}},"stage2_acknowledgement":{"title":"We have logged your request for a review","on":{"action":"acknowledge","from":"stage2_requested"},"dispatch":"automatic","due":"stage2_response","must_contain":{"complaint_stage":"6.11","complaint_definition":"5.6","outcomes_sought":"5.6","responsibility":"5.7","response_due":"6.14","ombudsman_right":"3.7"}},"stage2_extension":{"title":"We need more time to review your complaint","on":{"action":"extend","from":"stage2"},"dispatch":"automatic","due":"stage2_response","must_contain":{"extension_reason":"6.15","new_response_date":"6.15","ombudsman_contact":"6.16"}},"stage2_response":{"title":"Our final answer to your complaint","on":{"action":"respond","from":"stage2"},"dispatch":"manual","must_contain":{"complaint_stage":"6.19(a)","complaint_definition":"6.19(b)","decision":"6.19(c)","reasons":"6.19(d)","remedy":"6.19(e)","outstanding_actions":"6.19(f)","ombudsman_contact":"6.19(g)"}},"not_accepted":{"title":"We cannot take on your complaint","on":{"action":"refuse","from":"received"},"dispatch":"manual","must_contain":{"refusal_reasons":"2.4","ombudsman_right":"2.4"}},"escalation_declined":{"title":"We cannot take your complaint to Stage 2","on":{"action":"decline_escalation","from":"stage2_requested"},"dispatch":"manual","must_contain":{"refusal_reasons":"5.11","ombudsman_right":"2.4"}}},"templates":["chc-2024"]}','2026-11-02 09:00:00.000000');
INSERT INTO "workflow_definition" VALUES('932571175b203314e6d9ff65117dabd80691ba10e3a2e33b467b2f551e062569','landlord-2024','{"workflow":"landlord-2024","title":"Riverside Homes complaints procedure (2024 Code, tighter timescales)","edition":"2024","effective_from":"2024-04-01","calendar":"england-and-wales","stages":{"max":2,"code":"5.3"},"rules":{"different_stage2_handler":{"code":"6.13"},"escalation_without_reason":{"code":"6.12"}},"exclusions":{"time_limit":{"months":12,"code":"2.3","label":"the issue arose more than 12 months ago"},"legal_proceedings":{"code":"2.2","label":"legal proceedings have started"},"previously_considered":{"code":"2.2","label":"already considered under the complaints policy"}},"states":{"received":{"stage":1,"initial":true,"label":"New complaint - acknowledge within 3 working days"},"stage1":{"stage":1,"label":"Stage 1 - with the investigating officer"},"stage1_responded":{"stage":1,"label":"Stage 1 response sent"},"stage2_requested":{"stage":2,"label":"Escalation requested - to be acknowledged"},"stage2":{"stage":2,"label":"Stage 2 - with the review manager"},"stage2_responded":{"stage":2,"label":"Stage 2 final response sent"},"not_accepted":{"final":true,"label":"Not accepted into the complaints process"},"withdrawn":{"final":true,"label":"Withdrawn by the resident"},"closed":{"final":true,"label":"Closed"}},"timers":{"acknowledge":{"working_days":3,"starts":"received","met_by":["acknowledge","refuse"],"code":"6.2","label":"Acknowledge within 3 working days","remind":{"working_days":2,"to":"team"}},"stage1_response":{"working_days":8,"starts":"stage1","met_by":["respond"],"code":"6.3","label":"Stage 1 response","extend":{"max_working_days":5,"code":"6.4"},"remind":{"working_days":2,"to":"handler"},"updates":{"field":"update_every","code":"5.9"}},"stage2_acknowledge":{"working_days":3,"starts":"stage2_requested","met_by":["acknowledge","decline_escalation"],"code":"6.11","label":"Acknowledge, define and log at stage 2","remind":{"working_days":2,"to":"team"}},"stage2_response":{"working_days":15,"starts":"stage2","met_by":["respond"],"code":"6.14","label":"Stage 2 final response","extend":{"max_working_days":20,"code":"6.15"},"remind":{"working_days":3,"to":"handler"},"updates":{"field":"update_every","code":"5.9"}},"escalation_window":{"working_days":20,"starts":"stage1_responded","met_by":["escalate"],"window":"resident","on_expiry":{"action":"close"},"code":"6.10","label":"Resident''s time to ask for stage 2"},"outstanding_action":{"started_by":"record_action","on_date":"due","describe":"what","met_by":["complete_action"],"code":"7.3","label":"Outstanding action","remind":{"working_days":2,"to":"handler"}},"satisfaction_survey":{"days":28,"starts":"closed","met_by":["send_survey"],"on_expiry":{"action":"send_survey"},"code":"1.6","label":"Satisfaction survey, 28 days after closure"}},"actions":{"acknowledge":{"label":"Acknowledge, define and log the complaint","moves":{"received":"stage1","stage2_requested":"stage2"},"requires":{"complaint_definition":"5.6","outcomes_sought":"5.6","investigating_team":"landlord"},"accepts":["responsibility","handler_notes"]},"extend":{"label":"Extend the response deadline","effect":"extend","moves":{"stage1":"stage1","stage2":"stage2"},"requires":{"working_days":"6.4","reason":"6.4"},"accepts":["good_reason","timer","update_every"]},"respond":{"label":"Send the stage response","moves":{"stage1":"stage1_responded","stage2":"stage2_responded"},"requires":{"decision":"6.9","reasons":"6.9","remedy":"6.9","outstanding_actions":"6.9"}},"escalate":{"label":"Record the resident''s request for stage 2","moves":{"stage1_responded":"stage2_requested"},"code":"6.10","accepts":["resident_reasons"]},"refuse":{"label":"Do not accept the complaint","effect":"refuse","moves":{"received":"not_accepted"},"requires":{"ground":"2.4","explanation":"2.4"}},"decline_escalation":{"label":"Decline to escalate","effect":"refuse","moves":{"stage2_requested":"closed"},"requires":{"ground":"5.11","explanation":"5.11"}},"withdraw":{"label":"Record that the resident withdrew the complaint","moves":{"*":"withdrawn"},"accepts":["note"]},"close":{"label":"Close the case","moves":{"stage1_responded":"closed","stage2_responded":"closed"},"accepts":["note"]},"reopen":{"label":"Take on a complaint the Ombudsman says should be accepted","moves":{"not_accepted":"received"},"code":"2.4","requires":{"instruction":"2.4"}},"record_action":{"label":"Record an action promised to the resident, and its date (6.6, 7.3)","moves":{"stage1_responded":"stage1_responded","stage2_requested":"stage2_requested","stage2":"stage2","stage2_responded":"stage2_responded","closed":"closed"},"requires":{"what":"6.6","due":"7.3"}},"complete_action":{"label":"Record that a promised action is done","moves":{"stage1_responded":"stage1_responded","stage2_requested":"stage2_requested","stage2":"stage2","stage2_responded":"stage2_responded","closed":"closed"},"requires":{"deadline":"6.6"},"accepts":["note"]},"send_survey":{"label":"Send the satisfaction survey","moves":{"closed":"closed"}}},"letters":{"stage1_acknowledgement":{"title":"We have logged your complaint","on":{"action":"acknowledge","from":"received"},"dispatch":"automatic","due":"stage1_response","must_contain":{"complaint_stage":"6.2","complaint_definition":"5.6","outcomes_sought":"5.6","responsibility":"5.7","response_due":"6.3","ombudsman_right":"3.7","investigating_team":{"code":"landlord","label":"the team investigating the complaint","shows":["fields.investigating_team"]}}},"stage1_extension":{"title":"We need more time to answer your complaint","on":{"action":"extend","from":"stage1"},"dispatch":"automatic","due":"stage1_response","must_contain":{"extension_reason":"6.4","new_response_date":"6.4","ombudsman_contact":"6.5"}},"stage1_response":{"title":"Our answer to your complaint","on":{"action":"respond","from":"stage1"},"dispatch":"manual","must_contain":{"complaint_stages":"6.9(a)","complaint_definition":"6.9(b)","decision":"6.9(c)","reasons":"6.9(d)","remedy":"6.9(e)","outstanding_actions":"6.9(f)","escalation_route":"6.9(g)","ombudsman_right":"3.7"}},"stage2_acknowledgement":{"title":"We have logged your request for a review","on":{"action":"acknowledge","from":"stage2_requested"},"dispatch":"automatic","due":"stage2_response","must_contain":{"complaint_stage":"6.11","complaint_definition":"5.6","outcomes_sought":"5.6","responsibility":"5.7","response_due":"6.14","ombudsman_right":"3.7"}},"stage2_extension":{"title":"We need more time to review your complaint","on":{"action":"extend","from":"stage2"},"dispatch":"automatic","due":"stage2_response","must_contain":{"extension_reason":"6.15","new_response_date":"6.15","ombudsman_contact":"6.16"}},"stage2_response":{"title":"Our final answer to your complaint","on":{"action":"respond","from":"stage2"},"dispatch":"manual","must_contain":{"complaint_stage":"6.19(a)","complaint_definition":"6.19(b)","decision":"6.19(c)","reasons":"6.19(d)","remedy":"6.19(e)","outstanding_actions":"6.19(f)","ombudsman_contact":"6.19(g)"}},"not_accepted":{"title":"We cannot take on your complaint","on":{"action":"refuse","from":"received"},"dispatch":"manual","must_contain":{"refusal_reasons":"2.4","ombudsman_right":"2.4"}},"escalation_declined":{"title":"We cannot take your complaint to Stage 2","on":{"action":"decline_escalation","from":"stage2_requested"},"dispatch":"manual","must_contain":{"refusal_reasons":"5.11","ombudsman_right":"2.4"}},"satisfaction_survey":{"title":"How did we handle your complaint?","on":{"action":"send_survey","from":"closed"},"dispatch":"automatic","must_contain":{"how_to_complain":{"code":"1.6","label":"how to make a complaint","shows":["landlord.complaints_email","landlord.complaints_phone"]}}}},"templates":["landlord-2024","chc-2024"],"landlord":{"name":"Riverside Homes","address":"1 Quay Street, Anytown, AN1 2QS","complaints_email":"complaints@riverside-homes.example","complaints_phone":"0300 000 0000","signatory_role":"Complaints Resolution Team"}}','2026-11-09 09:00:00.000000');
CREATE UNIQUE INDEX ix_complaint_case_ref ON complaint_case (ref);
CREATE INDEX ix_complaint_case_state ON complaint_case (state);
CREATE INDEX ix_deadline_case_id ON deadline (case_id);
CREATE INDEX ix_deadline_due ON deadline (due);
CREATE INDEX ix_deadline_status ON deadline (status);
CREATE INDEX ix_case_event_case_id ON case_event (case_id);
CREATE INDEX ix_letter_case_id ON letter (case_id);
CREATE INDEX ix_timer_job_case_id ON timer_job (case_id);
CREATE INDEX ix_timer_job_due ON timer_job (state, due_at);
CREATE INDEX ix_alert_case_id ON alert (case_id);
CREATE INDEX ix_outbox_case_id ON outbox (case_id);
CREATE INDEX ix_outbox_due ON outbox (state, next_attempt_at);
COMMIT;
