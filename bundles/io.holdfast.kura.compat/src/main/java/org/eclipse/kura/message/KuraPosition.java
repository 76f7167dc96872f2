package org.eclipse.kura.message;

import java.util.Date;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A geographic position attached to a {@link KuraPayload}. Getters return {@code null} for values never set.
 */
@ProviderType
public class KuraPosition {
    private Double longitude;
    private Double latitude;
    private Double altitude;
    private Double precision;
    private Double heading;
    private Double speed;
    private Date timestamp;
    private Integer satellites;
    private Integer status;

    /** Creates an empty position. */
    public KuraPosition() {
    }

    /** @return longitude in degrees, or {@code null} */
    public Double getLongitude() {
        return longitude;
    }

    /**
     * @param longitude
     *            longitude in degrees
     */
    public void setLongitude(double longitude) {
        this.longitude = longitude;
    }

    /** @return latitude in degrees, or {@code null} */
    public Double getLatitude() {
        return latitude;
    }

    /**
     * @param latitude
     *            latitude in degrees
     */
    public void setLatitude(double latitude) {
        this.latitude = latitude;
    }

    /** @return altitude in metres, or {@code null} */
    public Double getAltitude() {
        return altitude;
    }

    /**
     * @param altitude
     *            altitude in metres
     */
    public void setAltitude(double altitude) {
        this.altitude = altitude;
    }

    /** @return precision (dilution), or {@code null} */
    public Double getPrecision() {
        return precision;
    }

    /**
     * @param precision
     *            precision (dilution)
     */
    public void setPrecision(double precision) {
        this.precision = precision;
    }

    /** @return heading in degrees, or {@code null} */
    public Double getHeading() {
        return heading;
    }

    /**
     * @param heading
     *            heading in degrees
     */
    public void setHeading(double heading) {
        this.heading = heading;
    }

    /** @return speed in m/s, or {@code null} */
    public Double getSpeed() {
        return speed;
    }

    /**
     * @param speed
     *            speed in m/s
     */
    public void setSpeed(double speed) {
        this.speed = speed;
    }

    /** @return when the position was taken, or {@code null} */
    public Date getTimestamp() {
        return timestamp;
    }

    /**
     * @param timestamp
     *            when the position was taken
     */
    public void setTimestamp(Date timestamp) {
        this.timestamp = timestamp;
    }

    /** @return satellites in use, or {@code null} */
    public Integer getSatellites() {
        return satellites;
    }

    /**
     * @param satellites
     *            satellites in use
     */
    public void setSatellites(int satellites) {
        this.satellites = satellites;
    }

    /** @return fix status, or {@code null} */
    public Integer getStatus() {
        return status;
    }

    /**
     * @param status
     *            fix status
     */
    public void setStatus(int status) {
        this.status = status;
    }
}
