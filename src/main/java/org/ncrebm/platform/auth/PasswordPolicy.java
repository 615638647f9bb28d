package org.ncrebm.platform.auth;

/** At least 8 characters with a letter, a digit and a symbol; at most 128 (argon2 input stays bounded). */
public final class PasswordPolicy {
  public static final int MAX = 128;

  private PasswordPolicy() {
  }

  /** The message key of the first rule broken, or null when the password is acceptable. */
  public static String check(String password) {
    if (password == null || password.isEmpty()) return "validation.required";
    if (password.length() < 8) return "password.tooShort";
    if (password.length() > MAX) return "password.tooLong";
    boolean letter = false;
    boolean digit = false;
    boolean symbol = false;
    for (int i = 0; i < password.length(); i++) {
      char c = password.charAt(i);
      if (Character.isLetter(c)) letter = true;
      else if (Character.isDigit(c)) digit = true;
      else if (!Character.isWhitespace(c) && !Character.isISOControl(c)) symbol = true;
      else if (Character.isISOControl(c)) return "validation.controlChars";
    }
    if (!letter || !digit || !symbol) return "password.weak";
    return null;
  }
}
