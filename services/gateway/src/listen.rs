//! Listening sockets for the landscape's HTTP servers (the gateway and the Consumer API instances).

use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use tokio::net::{TcpListener, TcpSocket};

/// Connections waiting to be accepted; the usual 128 overflows when thousands of clients
/// (re)connect at once, and each overflow costs a client a second or more (tests/bench/README.md).
const BACKLOG: u32 = 4096;

/// Binds `host:port`; `localhost` binds both loopback addresses on the same port, because clients
/// resolve it to either. Port 0 picks a free port.
pub async fn bind(listen: &str) -> io::Result<Vec<TcpListener>> {
    let Some((host, port)) = listen.rsplit_once(':') else {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, "expected host:port"));
    };
    let port: u16 = port.parse().map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "invalid port"))?;
    if host != "localhost" {
        let address = tokio::net::lookup_host(listen)
            .await?
            .next()
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "the host name resolves to no address"))?;
        return Ok(vec![listen_on(address)?]);
    }
    let first = listen_on(SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), port))?;
    let port = first.local_addr()?.port();
    let mut listeners = vec![first];
    match listen_on(SocketAddr::new(IpAddr::V6(Ipv6Addr::LOCALHOST), port)) {
        Ok(second) => listeners.push(second),
        Err(error) => tracing::debug!(%error, "IPv6 loopback unavailable; listening on 127.0.0.1 only"),
    }
    Ok(listeners)
}

fn listen_on(address: SocketAddr) -> io::Result<TcpListener> {
    let socket = if address.is_ipv4() { TcpSocket::new_v4()? } else { TcpSocket::new_v6()? };
    socket.set_reuseaddr(true)?;
    socket.bind(address)?;
    socket.listen(BACKLOG)
}
