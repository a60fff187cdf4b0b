//! The verdict on a chain: the one thing to fix. A configuration refused (a credential that ran
//! and failed, an identity the endpoint does not have, an expired sign-in) outranks managed
//! identity's silence; IMDS's silence within the SDK's short probe, an endpoint that cannot be
//! reached at all, and an endpoint that has no such identity are three different verdicts; a
//! chain where nothing is configured asks for a sign-in or the identity's variables; a log that
//! stops midway says so. Probe facts: azure-sdk-for-net `ImdsManagedIdentityProbeSource.cs` (and
//! its test `DefaultAzureCredentialProbeUses1secTimeoutWithNoRetries`), azure-sdk-for-python
//! `_credentials/imds.py@0b101867` (`connection_timeout=0.3, retry_total=0`), azure-sdk-for-java
//! azure-identity 1.12.0 release notes ("IMDS probing … 1 second"), azure-sdk-for-go azidentity
//! 1.6.0-beta.3 changelog ("a probe request with no retries").

use super::names::{self, MiSource};
use super::read::Read;
use super::{Cause, CredentialAttempt, Language, Outcome};
use crate::azure::{aadsts, resources};
use crate::model::{Code, Finding};
use crate::search::Search;

/// The verdict and the credential it is about.
pub(super) struct Judged {
    pub finding: Finding,
    pub credential: Option<&'static str>,
}

impl Judged {
    fn about(finding: Finding, a: &CredentialAttempt) -> Self {
        Judged {
            finding,
            credential: Some(a.name),
        }
    }
    fn general(finding: Finding) -> Self {
        Judged {
            finding,
            credential: None,
        }
    }
}

/// Judges what was read.
pub(super) fn judge(r: &Read) -> Judged {
    if let Some((_, text)) = &r.token_credentials_error {
        return Judged::general(token_credentials_invalid(text));
    }
    let attempts = &r.attempts;
    if let Some(a) = attempts
        .iter()
        .rev()
        .find(|a| a.outcome == Outcome::Succeeded)
    {
        return Judged::about(succeeded(a, attempts), a);
    }
    if let Some(a) = attempts.iter().find(|a| refused(a)) {
        return Judged::about(refusal(a), a);
    }
    if let Some(mi) = attempts.iter().find(|a| {
        a.name == names::MANAGED_IDENTITY
            && matches!(a.cause, Cause::ProbeTimeout | Cause::Unreachable)
    }) {
        let fell_back = mi.mi_source.is_none_or(|s| s == MiSource::Imds);
        let finding = if r.app_platform_hint && fell_back {
            mi_source_mismatch(mi)
        } else if mi.cause == Cause::ProbeTimeout {
            imds_probe_timeout(mi, r.language, attempts)
        } else {
            mi_endpoint_unreachable(mi)
        };
        return Judged::about(finding, mi);
    }
    let pending = attempts
        .iter()
        .any(|a| matches!(a.outcome, Outcome::Unknown | Outcome::NotTried));
    if r.final_message && !pending && !attempts.is_empty() {
        return Judged::general(no_credential(attempts));
    }
    let at = attempts
        .iter()
        .rev()
        .find(|a| a.outcome == Outcome::Unknown)
        .or_else(|| attempts.iter().find(|a| a.outcome == Outcome::NotTried));
    Judged {
        finding: incomplete(attempts, at),
        credential: at.map(|a| a.name),
    }
}

/// A credential that ran and was refused, or an endpoint that has no such identity.
fn refused(a: &CredentialAttempt) -> bool {
    a.outcome == Outcome::Failed || a.cause == Cause::IdentityNotFound
}

fn refusal(a: &CredentialAttempt) -> Finding {
    let mi = a.name == names::MANAGED_IDENTITY;
    match a.cause {
        Cause::IdentityNotFound => identity_not_found(a),
        Cause::SignInExpired => sign_in_expired(a),
        Cause::Entra | Cause::EndpointError if mi => mi_endpoint_error(a),
        _ => credential_failed(a),
    }
}

/// The reason as quoted in a detail: at most 400 characters.
fn quoted(a: &CredentialAttempt) -> String {
    let reason = a.reason.as_deref().unwrap_or("(no reason given)");
    let mut q: String = reason.chars().take(400).collect();
    if reason.chars().count() > 400 {
        q.push('…');
    }
    format!("{} said: \u{201c}{q}\u{201d}", a.name)
}

/// The credentials' outcomes but `except`'s, listed: "EnvironmentCredential unavailable, …".
fn outcomes(attempts: &[CredentialAttempt], except: &str) -> Option<String> {
    let listed: Vec<String> = attempts
        .iter()
        .filter(|a| a.name != except)
        .map(|a| format!("{} {}", a.name, outcome_word(a.outcome)))
        .collect();
    (!listed.is_empty()).then(|| listed.join(", "))
}

/// The other credentials' outcomes, in a sentence (empty when there are none).
fn others(attempts: &[CredentialAttempt], except: &str) -> String {
    outcomes(attempts, except).map_or_else(String::new, |l| format!(" The rest of the chain: {l}."))
}

fn outcome_word(o: Outcome) -> &'static str {
    match o {
        Outcome::Unavailable => "unavailable",
        Outcome::Failed => "failed",
        Outcome::Succeeded => "succeeded",
        Outcome::NotTried => "not tried",
        Outcome::Unknown => "outcome not shown",
    }
}

/// What the SDK's short IMDS probe is, in this language.
fn probe(language: Option<Language>) -> &'static str {
    match language {
        Some(Language::Dotnet) => "DefaultAzureCredential gives IMDS one second and no retries before it moves on (Azure.Identity's ImdsManagedIdentityProbeSource).",
        Some(Language::Java) => "azure-identity gives the IMDS probe a 1-second timeout (since 1.12.0).",
        Some(Language::Go) => "azidentity's DefaultAzureCredential sends IMDS one probe request with a short timeout and no retries; 'IMDS token request timed out' is that timeout.",
        Some(Language::Python) => "azure-identity first sends IMDS a probe without the Metadata header, with a 0.3-second connection timeout and no retries, and gives up when nothing answers.",
        Some(Language::Javascript) => "@azure/identity first pings IMDS with a short timeout and no retries.",
        Some(Language::Cpp) | None => "Inside a chain the SDK gives IMDS only a short timeout before it moves on.",
    }
}

fn imds_probe_timeout(
    mi: &CredentialAttempt,
    language: Option<Language>,
    attempts: &[CredentialAttempt],
) -> Finding {
    Finding::error(
        Code::ChainImdsProbeTimeout,
        "ManagedIdentityCredential was the one that should have worked: IMDS did not answer the SDK's short probe, so this is not an Azure VM, or a proxy is in the way",
    )
    .detail(format!(
        "{} {} An Azure VM answers at 169.254.169.254 within milliseconds, even with no identity (then with an error), so silence means nothing listens there from where this code runs, or something in between drops the request: HTTP_PROXY/HTTPS_PROXY without NO_PROXY for 169.254.169.254, a firewall, a container network without the link-local route.{}",
        quoted(mi),
        probe(language),
        others(attempts, mi.name)
    ))
    .fix("Off Azure (a laptop, a CI agent), managed identity cannot work: sign in (az login, azd auth login, Connect-AzAccount) or set the service principal's AZURE_* variables. On an Azure VM or scale set: add 169.254.169.254 to NO_PROXY, let it through the firewall, and try `curl -s -H Metadata:true \"http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://management.azure.com/\"` from the same place; if IMDS is only slow, use ManagedIdentityCredential on its own, which waits longer than the chain's probe.")
}

fn source_label(mi: &CredentialAttempt) -> &'static str {
    mi.mi_source
        .map_or("the managed-identity endpoint", MiSource::label)
}

fn mi_endpoint_unreachable(mi: &CredentialAttempt) -> Finding {
    Finding::error(
        Code::ChainMiEndpointUnreachable,
        format!("The managed-identity endpoint, {}, cannot be reached from here at all", source_label(mi)),
    )
    .detail(format!(
        "{}. This is not a slow answer but a refusal or a missing route (network unreachable, connection refused, retries exhausted, a gateway error): nothing serves the endpoint where this code runs, or the network blocks it.",
        quoted(mi)
    ))
    .fix("Off Azure, use a developer sign-in (az login) or a service principal. On Azure: give the container a network that routes 169.254.169.254 (Docker Desktop and some CNI setups do not), check iptables rules and NetworkPolicies, remove any proxy in the way, and on App Service or Container Apps check that this process sees IDENTITY_ENDPOINT.")
}

fn identity_not_found(mi: &CredentialAttempt) -> Finding {
    let js_400 = mi
        .reason
        .as_deref()
        .is_some_and(|r| r.has("there's no available identity"));
    let hedge = if js_400 {
        " @azure/identity words every 400 from the endpoint this way; most often the identity is not assigned, but its message (and status) tell for sure."
    } else {
        ""
    };
    let fix = match mi.mi_source {
        Some(MiSource::AppService | MiSource::AppService2017) => "Turn the identity on under the app's Identity blade (System assigned: On, or User assigned: Add), restart the app, and pass a user-assigned identity's client ID (not its object ID).",
        _ => "Enable the resource's system-assigned identity, or assign the user-assigned identity to this resource and pass its client ID (not its object or principal ID) as the credential's client ID or AZURE_CLIENT_ID.",
    };
    Finding::error(
        Code::ChainIdentityNotFound,
        format!("ManagedIdentityCredential reached {} but it has no such identity", source_label(mi)),
    )
    .detail(format!(
        "{}. The endpoint answered, so the network is fine: this resource has no managed identity, or not the one the code asks for.{hedge}",
        quoted(mi)
    ))
    .fix(fix)
}

/// The catalogued AADSTS codes a reason quotes.
fn entra_codes(a: &CredentialAttempt) -> Vec<&'static aadsts::Aadsts> {
    a.reason
        .as_deref()
        .map(aadsts::find_codes)
        .unwrap_or_default()
        .into_iter()
        .filter_map(aadsts::lookup)
        .collect()
}

/// The explanation of the AADSTS codes a reason quotes, and the first one's fix.
fn entra_explained(a: &CredentialAttempt) -> (String, Option<&'static str>) {
    let known = entra_codes(a);
    let text = known
        .iter()
        .map(|e| format!(" AADSTS{} ({}): {}", e.code, e.name, e.meaning))
        .collect::<String>();
    (text, known.first().map(|e| e.fix))
}

fn mi_endpoint_error(mi: &CredentialAttempt) -> Finding {
    let (explained, fix) = entra_explained(mi);
    Finding::error(
        Code::ChainMiEndpointError,
        format!(
            "ManagedIdentityCredential reached {} and it answered with an error",
            source_label(mi)
        ),
    )
    .detail(format!("{}.{explained}", quoted(mi)))
    .fix(fix.unwrap_or(
        "Read the endpoint's error above; paste the error body alone for its diagnosis.",
    ))
}

fn credential_failed(a: &CredentialAttempt) -> Finding {
    let (explained, fix) = entra_explained(a);
    let refused_with = entra_codes(a).first().map_or_else(String::new, |e| {
        format!(" with AADSTS{} ({})", e.code, e.name)
    });
    Finding::error(
        Code::ChainCredentialFailed,
        format!("{} was the one that should have worked: it is configured, and Entra ID or its endpoint refused it{refused_with}", a.name),
    )
    .detail(format!(
        "{}.{explained} The other credentials' 'unavailable' lines are expected where they have nothing configured: this refusal is the one to fix.",
        quoted(a)
    ))
    .fix(fix.unwrap_or("Fix what the error names in this credential's configuration."))
}

fn sign_in_fix(name: &str) -> &'static str {
    match name {
        names::AZURE_CLI => "Run az login again.",
        names::AZURE_DEVELOPER_CLI => {
            "Run azd auth login again (with the --scope the message suggests, if any)."
        }
        names::AZURE_POWERSHELL => "Run Connect-AzAccount again.",
        names::VISUAL_STUDIO_CODE => "Sign in again in VS Code (Azure: Sign In).",
        "VisualStudioCredential" | "SharedTokenCacheCredential" => {
            "Sign in again in Visual Studio (Tools > Options > Azure Service Authentication)."
        }
        _ => "Sign in again with the tool this credential reads.",
    }
}

fn sign_in_expired(a: &CredentialAttempt) -> Finding {
    let (explained, _) = entra_explained(a);
    Finding::error(
        Code::ChainSignInExpired,
        format!("{} was the one that should have worked: its sign-in expired", a.name),
    )
    .detail(format!(
        "{}.{explained} A developer sign-in's refresh token expires after a period unused (90 days for AADSTS700082) or is revoked by a password change or sign-in frequency policy.",
        quoted(a)
    ))
    .fix(sign_in_fix(a.name))
}

/// The verdict for a chain that fell back to IMDS on App Service, Functions or Container Apps (also
/// made across the parts of a session, when the environment is in another part).
pub fn mi_source_mismatch(mi: &CredentialAttempt) -> Finding {
    Finding::error(
        Code::ChainMiSourceMismatch,
        "The SDK fell back to IMDS, but this runs on App Service, Functions or Container Apps, which have no IMDS for apps",
    )
    .detail(format!(
        "{}. No IDENTITY_ENDPOINT and IDENTITY_HEADER reached this process, so ManagedIdentityCredential tried IMDS; the paste names the platform's own variables (WEBSITE_*, FUNCTIONS_*, CONTAINER_APP_*), so the code runs on one of these platforms: in a container or a child process that does not get the identity variables, or with no identity enabled.",
        quoted(mi)
    ))
    .fix("Turn the identity on (Identity > System assigned: On) and restart; in a custom container, a sidecar or a process started with a cleared environment, pass IDENTITY_ENDPOINT and IDENTITY_HEADER through to the code.")
}

fn no_credential(attempts: &[CredentialAttempt]) -> Finding {
    let listed: Vec<String> = attempts
        .iter()
        .map(|a| match &a.reason {
            Some(r) => format!("{}: {}", a.name, r.chars().take(120).collect::<String>()),
            None => a.name.to_string(),
        })
        .collect();
    Finding::error(
        Code::ChainNoCredential,
        "No credential in the chain is configured here: this machine needs a sign-in (az login) or the identity's variables",
    )
    .detail(format!(
        "Every credential the chain tried had nothing to work with: {}.",
        listed.join("; ")
    ))
    .fix("For a developer machine or CI agent: az login (or azd auth login, Connect-AzAccount, Visual Studio's account). For a service principal: AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (or AZURE_CLIENT_CERTIFICATE_PATH). For managed identity: run on an Azure resource with the identity enabled.")
}

fn succeeded(a: &CredentialAttempt, attempts: &[CredentialAttempt]) -> Finding {
    let whose = if a.name == names::MANAGED_IDENTITY {
        "the managed identity's".to_string()
    } else {
        format!("{}'s account, not a managed identity's", a.name)
    };
    Finding::info(Code::ChainSucceeded, format!("{} provided the token", a.name))
        .detail(format!(
            "The chain stops at the first credential that returns a token, so a 401 or 403 from the service is about {whose}.{}",
            others(attempts, a.name)
        ))
        .fix("If that is not the identity you meant, exclude the credential (the Exclude…Credential options, or AZURE_TOKEN_CREDENTIALS) or use the intended credential on its own.")
}

fn incomplete(attempts: &[CredentialAttempt], at: Option<&CredentialAttempt>) -> Finding {
    let title = match at {
        Some(a) if a.outcome == Outcome::Unknown => {
            format!("The paste stops while the chain tries {}", a.name)
        }
        Some(a) => format!("The paste stops before the chain reaches {}", a.name),
        None => "The paste stops before the chain's result".to_string(),
    };
    let imds = at.is_some_and(|a| a.mi_source == Some(MiSource::Imds));
    let imds_note = if imds {
        " ManagedIdentityCredential is talking to IMDS: if the log stops here for seconds, IMDS is not answering (not an Azure VM, or a proxy in the way)."
    } else {
        ""
    };
    let mut ruled = String::new();
    if let Some(a) = at.filter(|a| !a.ruled_out.is_empty()) {
        let labels: Vec<&str> = a.ruled_out.iter().map(|s| s.label()).collect();
        ruled = format!(
            " It ruled out {}: their variables are not set.",
            labels.join(", ")
        );
    }
    Finding::warning(Code::ChainIncomplete, title)
        .detail(format!(
            "What the paste shows: {}.{ruled}{imds_note}",
            outcomes(attempts, "").unwrap_or_else(|| "no credential's outcome".to_string())
        ))
        .fix("Paste the whole exception (it lists every credential with its reason), or the log up to the chain's final line.")
}

fn token_credentials_invalid(text: &str) -> Finding {
    Finding::error(
        Code::ChainTokenCredentialsInvalid,
        "AZURE_TOKEN_CREDENTIALS holds a value the SDK does not accept",
    )
    .detail(format!(
        "\u{201c}{text}\u{201d}. DefaultAzureCredential reads this variable to choose its credentials and refuses to start when it names none it knows."
    ))
    .fix("Set AZURE_TOKEN_CREDENTIALS to dev, prod or one credential's name (e.g. ManagedIdentityCredential), or remove it.")
}

/// Scopes that are a URL without `/.default` (a resource passed where a scope belongs): one
/// finding for all of them.
pub(super) fn scope_findings(scopes: &[String]) -> Option<Finding> {
    let bad: Vec<&str> = scopes
        .iter()
        .map(String::as_str)
        .filter(|s| s.starts_with("https://") && !s.ends_with("/.default"))
        .collect();
    let first = bad.first()?;
    let resource = match resources::identify(first) {
        Some(resources::Identified::Pattern {
            use_instead: Some(r),
            ..
        }) => r.to_string(),
        _ => first.trim_end_matches('/').to_string(),
    };
    Some(scope_not_default(&bad.join(", "), &resource))
}

fn scope_not_default(scopes: &str, resource: &str) -> Finding {
    Finding::warning(
        Code::ChainScopeNotDefault,
        format!("The scope {scopes} has no /.default"),
    )
    .detail(format!(
        "Entra ID reads a scope as a resource and a permission: {scopes} names no permission, so every credential that signs in to Entra ID fails on it (AADSTS70011); only managed identity turns a scope back into a resource, and then asks for that URL itself."
    ))
    .fix(format!("Ask for {resource}/.default."))
}
