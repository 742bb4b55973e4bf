//! Where the assigned validator's `MinerRegistration` service is: `http://{axon ip}:{bid_grpc_port}`,
//! or the operator's `[bidding] validator_endpoint`.

use std::net::{IpAddr, SocketAddr};

use tonic::transport::Uri;

/// Why there is no usable validator bid endpoint.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EndpointError {
    /// The configured endpoint does not parse as a URL.
    #[error("`{0}` is not a URL like http://203.0.113.7:50052")]
    NotAUrl(String),
    /// Neither http:// nor https://.
    #[error("`{0}` must start with http:// (plain HTTP/2, validators' default) or https:// (a validator behind TLS)")]
    Scheme(String),
    /// No port in the URL.
    #[error("`{0}` has no port; validators serve bids on 50052 by default, e.g. http://203.0.113.7:50052")]
    NoPort(String),
    /// The validator's axon has no IP on chain.
    #[error("the validator's axon has no IP address on chain (ip 0 or an unknown type)")]
    NoAxon,
    /// The axon's IP cannot be dialled (unspecified or multicast).
    #[error("the validator's axon IP {0} is not a routable address")]
    Unroutable(IpAddr),
}

/// Checks a configured `validator_endpoint`: `http://host:port`, or `https://host[:port]`
/// (443 when no port is given).
pub fn parse_override(text: &str) -> Result<Uri, EndpointError> {
    let uri: Uri = text.trim().parse().map_err(|_| EndpointError::NotAUrl(text.to_string()))?;
    let tls = match uri.scheme_str() {
        Some("http") => false,
        Some("https") => true,
        _ => return Err(EndpointError::Scheme(text.to_string())),
    };
    let Some(host) = uri.host().filter(|h| !h.is_empty()) else { return Err(EndpointError::NotAUrl(text.to_string())) };
    match uri.port_u16() {
        Some(_) => Ok(uri),
        None if tls => format!("https://{host}:443").parse().map_err(|_| EndpointError::NotAUrl(text.to_string())),
        None => Err(EndpointError::NoPort(text.to_string())),
    }
}

/// The endpoint is reached over TLS.
pub fn is_tls(uri: &Uri) -> bool {
    uri.scheme_str() == Some("https")
}

/// The bid endpoint of a validator whose axon is at `ip`.
pub fn from_axon(ip: Option<IpAddr>, bid_port: u16) -> Result<Uri, EndpointError> {
    let ip = ip.ok_or(EndpointError::NoAxon)?;
    if ip.is_unspecified() || ip.is_multicast() {
        return Err(EndpointError::Unroutable(ip));
    }
    // SocketAddr prints IPv6 in brackets: parsed as an address, never glued from strings.
    format!("http://{}", SocketAddr::new(ip, bid_port)).parse().map_err(|_| EndpointError::Unroutable(ip))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axon_addresses_become_urls_ipv6_in_brackets() {
        assert_eq!(
            from_axon(Some("203.0.113.7".parse().unwrap()), 50052).unwrap().to_string(),
            "http://203.0.113.7:50052/"
        );
        assert_eq!(
            from_axon(Some("2001:db8::7".parse().unwrap()), 50052).unwrap().to_string(),
            "http://[2001:db8::7]:50052/"
        );
        assert_eq!(from_axon(None, 50052), Err(EndpointError::NoAxon));
        assert!(matches!(from_axon(Some("0.0.0.0".parse().unwrap()), 1), Err(EndpointError::Unroutable(_))));
    }

    #[test]
    fn overrides_need_a_scheme_host_and_port() {
        assert!(parse_override("http://[::1]:50052").is_ok());
        assert!(matches!(parse_override("10.0.0.1:50052"), Err(EndpointError::Scheme(_) | EndpointError::NotAUrl(_))));
        assert!(matches!(parse_override("http://10.0.0.1"), Err(EndpointError::NoPort(_))));
        assert!(matches!(parse_override("not a url"), Err(EndpointError::NotAUrl(_))));
        assert_eq!(parse_override("https://validator.example").unwrap().to_string(), "https://validator.example:443/");
        assert!(is_tls(&parse_override("https://10.0.0.1:50052").unwrap()));
        assert!(!is_tls(&parse_override("http://10.0.0.1:50052").unwrap()));
        assert!(matches!(parse_override("ftp://10.0.0.1:50052"), Err(EndpointError::Scheme(_))));
    }
}
