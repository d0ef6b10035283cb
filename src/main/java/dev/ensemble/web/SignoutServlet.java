package dev.ensemble.web;

import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;

/**
 * Signs the browser out: of the server's security (which sends it on to the issuer's end-session
 * page, and from there to the start page) and of its session.
 */
@WebServlet("/signout")
public class SignoutServlet extends HttpServlet {

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws ServletException, IOException {
    request.logout();
    HttpSession session = request.getSession(false);
    if (session != null) {
      session.invalidate();
    }
    if (!response.isCommitted() && response.getStatus() / 100 != 3) {
      response.sendRedirect(request.getContextPath() + "/");
    }
  }
}
