package dev.ensemble.web;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Where the issuer sends the browser back with its code. The sign-in mechanism takes the code and
 * sends the browser on to the page it came from; a request that still reaches this goes home.
 */
@WebServlet("/callback")
public class SigninCallbackServlet extends HttpServlet {

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    response.sendRedirect(request.getContextPath() + "/");
  }
}
