# METADATA
# title: CloudTrail helpers
# description: |
#   Shared helpers of the evident.checks.cloudtrail.* packages: the records whatever their envelope,
#   success, actor, event names as AWS spells them, request parameters and policy documents whatever
#   their encoding, and organisation allowlists with safe defaults.
#
#   Input shapes accepted: the normalised policy input {"event": <record>} (DEVELOPERS.md); an
#   EventBridge envelope ({"detail-type": "AWS API Call via CloudTrail", "detail": <record>}); an S3
#   log file ({"Records": [...]}); a bare record.
#
#   Configuration: data.evident.config.<key>; every key is optional and defaults as below. Patterns
#   are globs as glob.match with "/" as delimiter reads them: "*" stays within a "/"-separated
#   segment, "**" crosses segments.
#
#   | key                           | default | meaning |
#   |-------------------------------|---------|---------|
#   | regulated_buckets             | ["*"]   | S3 buckets holding PHI, GxP records or audit logs (bucket-name patterns); the S3 record checks judge only these. The default treats every bucket as regulated until the organisation lists its own. |
#   | trusted_accounts              | []      | AWS account ids snapshots/AMIs may be shared with (the organisation's accounts); the event's own account is always trusted |
#   | break_glass_principals        | []      | IAM/EKS principals (ARNs or role/user/group names, patterns) that may receive administrator access |
#   | audit_log_groups              | ["**cloudtrail**", "**CloudTrail**", "/aws/eks/*/cluster", "/aws/rds/**", "/aws/bedrock/**", "/aws/vendedlogs/bedrock/**"] | CloudWatch Logs groups that hold audit trails |
#   | min_log_retention_days        | 365     | the shortest retention an audit log group may be given |
#   | min_record_retention_days     | 365     | the shortest expiration/Object Lock retention a regulated bucket may be given |
#   | admin_ports                   | [22, 3389, 5432, 3306, 1433, 6443, 8888] | ports that must never be open to the internet (SSH, RDP, databases, Kubernetes API, Jupyter); the same key and default as the Terraform/AWS Config security-group checks |
#   | eks_required_log_types        | ["audit", "authenticator"] | EKS control-plane log types that must stay enabled |
package evident.lib.cloudtrail

import rego.v1

# ---------------------------------------------------------------------------------------------
# Configuration

default config := {}

config := c if {
	c := data.evident.config
	is_object(c)
}

setting(key, def) := object.get(config, key, def)

regulated_buckets := setting("regulated_buckets", ["*"])

trusted_accounts := {a | some a in setting("trusted_accounts", [])}

break_glass_principals := setting("break_glass_principals", [])

audit_log_groups := setting("audit_log_groups", [
	"**cloudtrail**", "**CloudTrail**", "/aws/eks/*/cluster", "/aws/rds/**",
	"/aws/bedrock/**", "/aws/vendedlogs/bedrock/**",
])

min_log_retention_days := setting("min_log_retention_days", 365)

min_record_retention_days := setting("min_record_retention_days", 365)

admin_ports := setting("admin_ports", [22, 3389, 5432, 3306, 1433, 6443, 8888])

eks_required_log_types := {t | some t in setting("eks_required_log_types", ["audit", "authenticator"])}

# ---------------------------------------------------------------------------------------------
# Records

# The CloudTrail records of the input, whatever their envelope.
records contains r if {
	r := input.event
	is_object(r)
}

records contains r if {
	not input.event
	is_string(input["detail-type"])
	r := input.detail
	is_object(r)
}

records contains r if {
	not input.event
	some r in input.Records
	is_object(r)
}

records contains input if {
	not input.event
	not input.Records
	not input["detail-type"]
	is_string(input.eventName)
}

# ---------------------------------------------------------------------------------------------
# Outcome

# A failed call: errorCode present (or errorMessage, which some services record alone), or a
# sign-in whose response says Failure (ConsoleLogin failures carry no errorCode).
failed(r) if present(r.errorCode)

failed(r) if present(r.errorMessage)

failed(r) if {
	some _, v in r.responseElements
	v == "Failure"
}

# A successful call: nothing says it failed.
success(r) if not failed(r)

present(v) if {
	v != null
	v != ""
}

# ---------------------------------------------------------------------------------------------
# Names and identity

# The event name without the API-version suffix AWS appends to some services' names
# (Lambda AddPermission20150331v2, UpdateFunctionCode20150331, CloudFront ...2020_05_31).
# Every check asks for the name of the input's record: it is worked out once per evaluation.
event_name(r) := _input_event_name if {
	r == input.event
} else := _event_name(r)

_input_event_name := _event_name(input.event)

# Most names end in a letter: only names ending in a digit can carry a version, so only those pay
# for the regular expression.
_event_name(r) := r.eventName if {
	is_string(r.eventName)
	not _ends_in_digit(r.eventName)
}

_event_name(r) := regex.replace(r.eventName, `20[0-9]{2}_?[0-9]{2}_?[0-9]{2}(v[0-9]+)?$`, "") if {
	is_string(r.eventName)
	_ends_in_digit(r.eventName)
}

_ends_in_digit(name) if strings.any_suffix_match(name, ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"])

# A successful call of one of `names` to `source` (e.g. "s3.amazonaws.com").
call(r, source, names) if {
	r.eventSource == source
	event_name(r) in names
	success(r)
}

# Who acted: userIdentity.arn, else principalId, else "root", else userName, invokedBy, type.
actor(r) := a if {
	a := r.userIdentity.arn
	present(a)
} else := a if {
	a := r.userIdentity.principalId
	present(a)
} else := "root" if {
	r.userIdentity.type == "Root"
} else := a if {
	a := r.userIdentity.userName
	present(a)
} else := a if {
	a := r.userIdentity.invokedBy
	present(a)
} else := a if {
	a := r.userIdentity.type
	present(a)
} else := "an unknown principal"

# The account the event happened in.
own_account(r) := r.recipientAccountId if present(r.recipientAccountId)
else := r.userIdentity.accountId

# "StopLogging by arn:aws:... at 2024-01-01T00:00:00Z (event 1234)", for messages.
describe(r) := sprintf("%s by %s at %s (event %s)", [
	object.get(r, "eventName", "?"),
	actor(r),
	object.get(r, "eventTime", "?"),
	object.get(r, "eventID", "?"),
])

# ---------------------------------------------------------------------------------------------
# Parameters

# requestParameters as an object (parsed when it arrived as a JSON string); {} when absent.
params(r) := p if {
	p := r.requestParameters
	is_object(p)
} else := p if {
	is_string(r.requestParameters)
	json.is_valid(r.requestParameters)
	p := json.unmarshal(r.requestParameters)
	is_object(p)
} else := {}

# responseElements likewise.
response(r) := p if {
	p := r.responseElements
	is_object(p)
} else := p if {
	is_string(r.responseElements)
	json.is_valid(r.responseElements)
	p := json.unmarshal(r.responseElements)
	is_object(p)
} else := {}

# A value that may be JSON text (policy documents) or URL-encoded JSON text (IAM); undefined when
# it is neither an object nor parseable.
document(v) := v if is_object(v)

document(v) := d if {
	is_string(v)
	json.is_valid(v)
	d := json.unmarshal(v)
	is_object(d)
}

document(v) := d if {
	is_string(v)
	not json.is_valid(v)
	decoded := urlquery.decode(v)
	json.is_valid(decoded)
	d := json.unmarshal(decoded)
	is_object(d)
}

# A list whatever AWS made of it: arrays stay, a single element (XML-derived JSON) becomes [x].
as_list(v) := v if is_array(v)

as_list(v) := [v] if {
	not is_array(v)
	v != null
}

# The statements of a policy document, with their index.
statements(doc) := as_list(doc.Statement)

# Booleans as CloudTrail records them: true/false or "true"/"false".
truthy(v) if v == true

truthy(v) if {
	is_string(v)
	lower(v) == "true"
}

falsy(v) if v == false

falsy(v) if {
	is_string(v)
	lower(v) == "false"
}

# ---------------------------------------------------------------------------------------------
# Policies and accounts

# A statement that allows anyone ("*" or {"AWS": "*"}) and has no condition restricting the
# caller to an organisation, account, network or principal.
public_statement(s) if {
	s.Effect == "Allow"
	_public_principal(s.Principal)
	not _restricted(s)
}

_public_principal("*")

_public_principal(p) if p.AWS == "*"

_public_principal(p) if "*" in p.AWS

_public_principal(p) if p.CanonicalUser == "*"

_restrictive_keys := {
	"aws:principalorgid", "aws:principalorgpaths", "aws:principalaccount", "aws:principalarn",
	"aws:sourceaccount", "aws:sourcearn", "aws:sourceowner", "aws:sourcevpc", "aws:sourcevpce",
	"aws:sourceip", "aws:userid", "aws:username", "aws:resourceorgid", "aws:resourceaccount",
	"kms:calleraccount", "kms:viaservice", "s3:dataaccesspointaccount",
}

_restricted(s) if {
	some _, conditions in s.Condition
	some key, _ in conditions
	lower(key) in _restrictive_keys
}

# A 12-digit account id outside the organisation (not the event's own, not trusted).
external_account(id, r) if {
	is_string(id)
	regex.match(`^[0-9]{12}$`, id)
	id != own_account(r)
	not id in trusted_accounts
}

# ---------------------------------------------------------------------------------------------
# Allowlists

matches_any(value, patterns) if {
	is_string(value)
	some p in patterns
	glob.match(p, ["/"], value)
}

regulated_bucket(name) if matches_any(name, regulated_buckets)

audit_log_group(name) if matches_any(name, audit_log_groups)

break_glass(principal) if matches_any(principal, break_glass_principals)

# Numbers as CloudTrail records them: 22 or "22".
number(v) := v if is_number(v)

number(v) := to_number(v) if {
	is_string(v)
	regex.match(`^-?[0-9]+$`, v)
}
