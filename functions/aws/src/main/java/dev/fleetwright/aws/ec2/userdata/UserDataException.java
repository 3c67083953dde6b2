package dev.fleetwright.aws.ec2.userdata;

/** User data cannot be generated: the message names the field ({@code spec.userData}, a setting) and the problem. */
public final class UserDataException extends IllegalArgumentException {

    /** @param message the field and the problem */
    public UserDataException(String message) {
        super(message);
    }

    /**
     * @param message the field and the problem
     * @param cause the parser's error
     */
    public UserDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
