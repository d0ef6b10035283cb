package dev.ensemble.ws;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;

/**
 * Keeps WebSocket handshakes from creating HTTP sessions. Open Liberty asks every upgrade request
 * for its session, creating one when there is none, and keeps it for the container's session
 * timeout (30 minutes) after the connection ended: one per connection, so a server with many short
 * visits holds tens of thousands, and with them what they reference. A browser that signed in
 * brings its session along and keeps it.
 */
@WebFilter(urlPatterns = "/ws/*", asyncSupported = true)
public class NoHttpSessionFilter extends HttpFilter {

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    chain.doFilter(
        new HttpServletRequestWrapper(request) {
          @Override
          public HttpSession getSession() {
            return super.getSession(false);
          }

          @Override
          public HttpSession getSession(boolean create) {
            return super.getSession(false);
          }
        },
        response);
  }
}
